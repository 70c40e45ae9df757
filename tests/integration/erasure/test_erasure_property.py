"""For any sequence of orders, channel imports and erasures: replaying the log and rebuilding the
read models give the same state, and no erased value is readable anywhere: API answers (as admin,
and the restricted order data as a reader), read models (SELECT * of every table), events and
snapshots through the library, and the raw bytes of the SQLite file and its WAL after the scrub.

Every personal value is a marker unique to where it was entered (``Kontakt7``, ``Kaeufer3``), so
a value that an erased customer had and that shows up anywhere is found by a plain search.
E-mails and buyer ids come from small pools on purpose: a buyer who comes back after an erasure is
a new customer, whose (same) e-mail is then rightly readable again.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from application.api_keys import NewApiKey
from domain.access import Scope
from domain.channel_order import ChannelBuyer, ChannelOrder
from domain.order import Order
from domain.order_line import OrderLine
from domain.status import OrderStatus
from tests.support.fake_channel import FakeKind, registry_with
from tests.support.harness import Harness

EMAILS = ["anna@example.com", "bea@example.com", None]
BUYERS = ["kaeufer-a", "kaeufer-b", None]
START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
REASON = {"reason": "request by letter"}
ADDRESS = {"street": "Weg 1", "postal_code": "10115", "city": "Berlin", "country_code": "DE"}

steps = st.lists(
    st.one_of(
        st.tuples(st.just("place"), st.sampled_from(EMAILS)),
        st.tuples(st.just("import"), st.sampled_from(BUYERS), st.sampled_from(EMAILS), st.booleans()),
        st.tuples(st.just("resync"), st.integers(0, 20)),
        st.tuples(st.just("close"), st.integers(0, 20), st.booleans()),
        st.tuples(st.just("erase"), st.integers(0, 20)),
        st.tuples(st.just("clock"), st.integers(1, 48)),
    ),
    min_size=1,
    max_size=14,
)


@dataclass
class Entered:
    """What was entered for one order, and for the customer it went to."""

    order_id: str
    customer_id: str
    contact: set[str]
    """Contact data (erased at once with the customer): names, phones, buyer names, e-mails, buyer ids."""
    documents: set[str]
    """Names on the order's addresses (kept, restricted, until retention)."""


@dataclass
class Play:
    h: Harness
    kind: FakeKind
    reader: dict[str, str]
    entered: list[Entered] = field(default_factory=list)
    erased: set[str] = field(default_factory=set)
    n: int = 0

    def step(self, step: tuple[Any, ...]) -> None:
        getattr(self, f"_{step[0]}")(*step[1:])

    def _next(self) -> int:
        self.n += 1
        return self.n

    def _place(self, email: str | None) -> None:
        n = self._next()
        customer: dict[str, Any] = {
            "name": f"Kontakt{n}",
            "phone": f"+49 30 7{n:05d}",
            "billing_address": {"name": f"Adresse{n}", **ADDRESS},
        }
        if email:
            customer["email"] = email
        body = {
            "customer": customer,
            "currency": "EUR",
            "lines": [{"title": "Tasse", "quantity": 1, "unit_price": "9.99"}],
        }
        order = self.h.client.post("/api/v1/orders", json=body)
        assert order.status_code == 201, order.text
        made = order.json()
        contact = {f"Kontakt{n}", f"+49 30 7{n:05d}", *([email] if email else [])}
        self.entered.append(Entered(made["id"], made["customer_id"], contact, {f"Adresse{n}"}))

    def _import(self, buyer: str | None, email: str | None, shipped: bool) -> None:
        n = self._next()
        order = ChannelOrder(
            external_id=f"E{n}",
            status=OrderStatus.SHIPPED if shipped else OrderStatus.PAID,
            currency="EUR",
            lines=[OrderLine(title="Ding", quantity=1, unit_price=Decimal("5.00"))],
            buyer=ChannelBuyer(external_id=buyer, email=email, name=f"Kaeufer{n}", phone=f"+49 40 8{n:05d}"),
            shipping_address={"name": f"Adresse{n}", **ADDRESS},  # type: ignore[arg-type]
            placed_at=self.h.clock.now() - timedelta(minutes=5),
        )
        self.kind.shop().put(order, self.h.clock.now() - timedelta(minutes=1))
        assert self.h.sync("shop")["complete"]
        stored = self.h.order(str(Order.channel_order_id("shop", f"E{n}")))
        contact = {f"Kaeufer{n}", f"+49 40 8{n:05d}", *(v for v in (email, buyer) if v)}
        self.entered.append(Entered(stored["id"], stored["customer_id"], contact, {f"Adresse{n}"}))

    def _resync(self, i: int) -> None:
        """The channel reports one of its orders again, changed (its buyer data with it)."""
        shop = self.kind.shop()
        if not shop.orders:
            return
        external_id = sorted(shop.orders)[i % len(shop.orders)]
        order = shop.orders[external_id]
        shop.put(order.model_copy(update={"note": f"noted {self.h.clock.now()}"}), self.h.clock.now())
        assert self.h.sync("shop")["complete"]

    def _close(self, i: int, ship: bool) -> None:
        if self.entered:
            order_id = self.entered[i % len(self.entered)].order_id
            change = {"status": "shipped"} if ship else {"status": "cancelled", "reason": "storniert"}
            self.h.client.post(f"/api/v1/orders/{order_id}/status", json=change)  # 409 when closed already

    def _erase(self, i: int) -> None:
        if self.entered:
            customer_id = self.entered[i % len(self.entered)].customer_id
            response = self.h.client.post(f"/api/v1/customers/{customer_id}/erasure", json=REASON)
            assert response.status_code in (200, 409), response.text
            if response.status_code == 200:
                self.erased.add(customer_id)

    def _clock(self, hours: int) -> None:
        self.h.clock.advance(hours=hours)

    # ---- what must be gone ----------------------------------------------------------------

    def gone(self) -> set[str]:
        """The contact data of erased customers that no customer who is not erased also has."""
        erased = {v for e in self.entered if e.customer_id in self.erased for v in e.contact}
        kept = {v for e in self.entered if e.customer_id not in self.erased for v in e.contact}
        return erased - kept

    def restricted(self) -> set[str]:
        """Names on the orders of erased customers: shown to admins only."""
        return {v for e in self.entered if e.customer_id in self.erased for v in e.documents}


def api_answers(h: Harness, play: Play, headers: dict[str, str] | None = None) -> str:
    """Every answer about every order and customer, as one text (admin unless ``headers``)."""
    get = (lambda url: h.client.get(url, headers=headers)) if headers else h.client.get
    answers = []
    customers = {e.customer_id for e in play.entered}
    for customer_id in sorted(customers):
        if headers is None:
            answers += [
                get(f"/api/v1/customers/{customer_id}"),
                get(f"/api/v1/customers/{customer_id}/events"),
            ]
        answers.append(get(f"/api/v1/customers/{customer_id}/orders"))
    for e in play.entered:
        answers += [get(f"/api/v1/orders/{e.order_id}"), get(f"/api/v1/orders/{e.order_id}/events")]
    answers.append(get("/api/v1/orders?limit=500"))
    if headers is None:
        answers += [get("/api/v1/customers?limit=500"), get("/api/v1/reports/sales")]
    assert all(a.status_code == 200 for a in answers), [a.text for a in answers if a.status_code != 200]
    return "\n".join(a.text for a in answers)


def read_models(h: Harness) -> dict[str, list[tuple[Any, ...]]]:
    """Every read model's rows (but the tracking's times, and counts that fell to 0 and stay as rows)."""
    with h.services.db.transaction(write=False) as tx:
        if tx.is_postgres:
            listed = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        else:
            listed = "SELECT name FROM sqlite_master WHERE type = 'table'"
        tables = sorted(r[0] for r in tx.query(listed) if r[0].startswith("rm_") and r[0] != "rm_tracking")
        found = {t: sorted(tx.query(f"SELECT * FROM {t}"), key=repr) for t in tables}
    found["rm_order_counts"] = [r for r in found.get("rm_order_counts", []) if r[-1] != 0]
    return found


def through_the_library(h: Harness) -> str:
    """Every event of the log and every snapshot, decoded by the library's mapper."""
    book = h.services.book
    texts = [
        e.model_dump_json()
        for e in (
            book.mapper.to_domain_event(n)
            for n in book.recorder.select_notifications(start=1, limit=1_000_000)
        )
    ]
    if book.snapshots is not None:
        ids = {n.originator_id for n in book.recorder.select_notifications(start=1, limit=1_000_000)}
        for aggregate_id in ids:
            texts += [s.model_dump_json() for s in book.snapshots.get(aggregate_id)]
    return "\n".join(texts)


def state(h: Harness, play: Play) -> tuple[str, dict[str, list[tuple[Any, ...]]]]:
    h.services.projections.catch_up()  # every read model, not only those the answers read
    return api_answers(h, play), read_models(h)


def check(h: Harness, play: Play, path: Path | None) -> None:
    gone, restricted = play.gone(), play.restricted()
    before = state(h, play)
    h.services.projections.rebuild()
    h.services.book.forget_reads()
    assert state(h, play) == before  # a rebuild and a replay give the same state
    seen_by_admin = before[0]
    seen_by_reader = api_answers(h, play, play.reader)
    tables = orjson.dumps(before[1], default=str).decode()
    library = through_the_library(h)
    for value in gone:
        for where, text in (("API", seen_by_admin), ("read models", tables), ("event log", library)):
            assert value not in text, f"erased {value!r} readable in the {where}"
    for value in restricted:
        assert value not in seen_by_reader, f"restricted {value!r} shown to a reader"
        assert value not in tables, f"restricted {value!r} in a read model"
    if path is not None:  # the erasure scrubbed the file and emptied the WAL; nothing since wrote these
        files = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
        for value in gone:
            assert value.encode() not in files, f"erased {value!r} in the bytes of {path.name}"


@contextmanager
def harness(backend: str) -> Iterator[tuple[Harness, FakeKind, Path | None]]:
    kind = FakeKind()
    if backend == "memory":
        with Harness.start(now=START, kinds=registry_with(kind)) as h:
            yield h, kind, None
        return
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "orderhub.db"
        with Harness.start(f"sqlite:///{path}", now=START, kinds=registry_with(kind)) as h:
            yield h, kind, path


def play_all(h: Harness, kind: FakeKind, path: Path | None, sequence: list[tuple[Any, ...]]) -> Play:
    h.register_channel("shop", "fake", {"token": "t", "initial_lookback_days": 400})
    _, key = h.services.access.create(NewApiKey(name="reader", scopes=[Scope.ORDERS_READ]))
    play = Play(h, kind, {"Authorization": f"Bearer {key}"})
    for step in sequence:
        play.step(step)
    check(h, play, path)
    return play


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sequence=steps, backend=st.sampled_from(["memory", "sqlite"]))
def test_no_erased_value_is_readable_anywhere(sequence: list[tuple[Any, ...]], backend: str) -> None:
    with harness(backend) as (h, kind, path):
        play_all(h, kind, path, sequence)


SCENARIO = [
    ("place", "anna@example.com"),
    ("import", "kaeufer-a", "bea@example.com", True),
    ("import", "kaeufer-a", None, False),
    ("close", 0, True),
    ("erase", 1),  # 409: the paid import is open
    ("close", 2, False),
    ("erase", 1),
    ("erase", 0),
    ("import", "kaeufer-a", "bea@example.com", True),  # the buyer comes back: a new customer
    ("resync", 0),
    ("place", "anna@example.com"),
    ("clock", 30),
    ("erase", 0),
]


def test_a_scenario_on_every_store(database_url: str) -> None:
    kind = FakeKind()
    path = Path(database_url.removeprefix("sqlite:///")) if database_url.startswith("sqlite") else None
    with Harness.start(database_url, now=START, kinds=registry_with(kind)) as h:
        play = play_all(h, kind, path, SCENARIO)
        assert len(play.erased) == 2 and play.gone() >= {"Kontakt1", "Kaeufer2", "Kaeufer3"}
        assert play.entered[-2].customer_id not in play.erased  # the buyer who came back
        if path is not None:  # the search of the bytes reads where the data is: a kept name is there
            files = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
            assert f"Kontakt{play.n}".encode() in files
        else:  # PostgreSQL and memory: the erased customers' contact keys are deleted rows
            with h.services.db.transaction(write=False) as tx:
                for customer_id in play.erased:
                    rows = tx.query(
                        "SELECT purpose FROM personal_keys WHERE subject = ?", (UUID(customer_id).hex,)
                    )
                    assert ("contact",) not in rows
