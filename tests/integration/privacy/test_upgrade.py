"""A store written before personal data was sealed (in clear, in events and snapshots) is sealed in
place at its next start, and by ``orderhub migrate-store``: the same content, erasable, and gone in
clear from the database file."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.persistence import StoredEvent
from typer.testing import CliRunner

from adapters.persistence.database_url import DatabaseUrl
from adapters.privacy.upgrade import ClearEventSealer
from application.aggregate_store import AggregateStore
from domain.customer import Customer, IdentityClaim
from domain.order import Order
from entrypoints.bootstrap import Services, bootstrap, event_store_env
from entrypoints.cli import app
from ports.personal_keys import CONTACT

CUSTOMER = UUID(int=11)
ORDER = UUID("5a0d1f04-35c0-5354-8627-5079136020d9")
CLAIM = UUID("da8c4027-0ede-5ff8-9c99-a5f2999dc048")
PERSONAL = ("Greta Gruen", "Lindenweg", "greta@example.de", "greta-ebay")
NOT_IN_READ_MODELS = ("Lindenweg", "greta-ebay")
"""The customer list keeps the customer's name and e-mail (it is searched by them); these it does not."""

# As the code before sealing stored them: the event's JSON state, written by PydanticMapper.
BUYER = (
    '{"external_id":"greta-ebay","email":"greta@example.de","name":"Greta Gruen","phone":null,"company":null}'
)
HOME = (
    '{"name":"Greta Gruen","company":null,"street":"Lindenweg 7","street2":null,"postal_code":"80331",'
    '"city":"Muenchen","country_code":"DE","phone":null}'
)
CONTENT = (
    '{"external_id":"77","status":"paid","currency":"EUR","lines":[{"sku":null,"title":"Tasse","quantity":1,'
    '"unit_price":"9.99","tax_rate":null}],"shipping_cost":"0.00","adjustments":[],"buyer":' + BUYER + ","
    '"billing_address":null,"shipping_address":' + HOME + ',"tracking":[],"placed_at":"2025-03-04T10:00:00Z",'
    '"channel_updated_at":null,"note":null}'
)
OLD_EVENTS = [
    (
        CUSTOMER,
        1,
        "domain.customer:Customer.ImportedFromChannel",
        '{"timestamp":"2025-03-04T10:00:00Z","originator_topic":"domain.customer:Customer","actor":null,'
        '"number":"CUS-1","contact":{"name":"Greta Gruen","email":"greta@example.de","phone":null,"company":null,'
        '"billing_address":null,"shipping_address":null},"identity":{"channel":"ebay-de","external_id":"greta-ebay"}}',
    ),
    (
        ORDER,
        1,
        "domain.order:Order.ImportedFromChannel",
        '{"timestamp":"2025-03-04T10:00:00Z","originator_topic":"domain.order:Order","actor":null,"number":"ORD-1",'
        '"customer_id":"00000000-0000-0000-0000-00000000000b","channel":"ebay-de","channel_kind":"ebay","order":'
        + CONTENT
        + ',"receipt":null}',
    ),
    (
        CLAIM,
        1,
        "domain.customer:IdentityClaim.Created",
        '{"timestamp":"2025-03-04T10:00:00Z","originator_topic":"domain.customer:IdentityClaim","actor":null,'
        '"key":"email:greta@example.de","customer_id":"00000000-0000-0000-0000-00000000000b"}',
    ),
]
OLD_SNAPSHOT = (
    '{"topic":"domain.order:Order","state":{"number":"ORD-1","customer_id":"00000000-0000-0000-0000-00000000000b",'
    '"source_kind":"ebay","channel":"ebay-de","external_id":"77","currency":"EUR","lines":[{"sku":null,'
    '"title":"Tasse","quantity":1,"unit_price":"9.99","tax_rate":null}],"shipping_cost":"0.00","adjustments":[],'
    '"billing_address":null,"shipping_address":' + HOME + ',"note":null,"tracking":[],'
    '"placed_at":"2025-03-04T10:00:00Z","local_status":null,"channel_status":"paid","channel_content":'
    + CONTENT
    + ","
    '"cancel_reason":null,"cancellation_request":null,"push_refused":null,"pending_pushes":{},"receipt":null,'
    '"paid_at":"2025-03-04T10:00:00Z","request_hash":null,"channel_fingerprint":"da3feeb5b702d25ef0b7fec91a984534"},'
    '"timestamp":"2025-03-04T10:00:00Z","created_on":"2025-03-04T10:00:00Z"}'
)


def old_store(url: str) -> None:
    """The event log of a store that the code before sealing wrote: its tables, its rows."""
    services = bootstrap(url)
    with services.db.transaction() as tx:
        tx.execute("DROP TABLE orderhub_sealing")  # the mark of the sealing code's first start
    services.book.recorder.insert_events(
        [StoredEvent(i, v, topic, state.encode()) for i, v, topic, state in OLD_EVENTS]
    )
    assert services.book.snapshots is not None
    services.book.snapshots.recorder.insert_events(
        [StoredEvent(ORDER, 1, "domain.eventsourced:Snapshot", OLD_SNAPSHOT.encode())]
    )
    services.close()


def stored_states(services: Services) -> list[bytes]:
    assert services.book.snapshots is not None
    events = [n.state for n in services.book.recorder.select_notifications(start=None, limit=1000)]
    return events + [s.state for s in services.book.snapshots.recorder.select_events(ORDER)]


def readings(book: AggregateStore) -> dict[str, Any]:
    book.forget_reads()
    order, customer, claim = (book.get(i) for i in (ORDER, CUSTOMER, CLAIM))
    assert isinstance(order, Order) and isinstance(customer, Customer) and isinstance(claim, IdentityClaim)
    return {
        "order": (order.shipping_address, order.channel_content, order.total, order.status),
        "customer": (customer.contact, customer.channel_identities),
        "claim": claim.key,
        "history": [e.model_dump() for e in book.events.get(ORDER)],
    }


def read_as_before(url: str) -> dict[str, Any]:
    """What the code before sealing read from the store: its mapper, without a sealer."""
    book = AggregateStore(env=event_store_env(DatabaseUrl.parse(url)))
    try:
        assert any(b"Lindenweg" in n.state for n in book.recorder.select_notifications(start=None, limit=10))
        return readings(book)
    finally:
        book.close()


def test_a_store_written_in_clear_is_sealed_at_its_next_start(
    shared_database_url: str, tmp_path: Path
) -> None:
    old_store(shared_database_url)
    expected = read_as_before(shared_database_url)
    services = bootstrap(shared_database_url)  # the first start of the sealing code seals it
    try:
        states = stored_states(services)
        assert len(states) == 4
        for state in states:
            assert b',"_sealed":' in state
            for value in PERSONAL:
                assert value.encode() not in state, (value, state)
        assert readings(services.book) == expected
        if shared_database_url.startswith("sqlite"):
            services.db.scrub_sqlite()
            for file in tmp_path.rglob("*.db*"):
                data = file.read_bytes()
                for value in NOT_IN_READ_MODELS:
                    assert value.encode() not in data, (value, file)
        snapshots = services.book.snapshots.recorder if services.book.snapshots else None
        again = ClearEventSealer(services.db, services.book.mapper, services.book.recorder, snapshots)
        assert again.pending() is None and again.run(everything=True) == 0  # idempotent
        services.personal_keys.destroy(CUSTOMER, [CONTACT])  # and now erasable
        erased = readings(services.book)
        assert erased["customer"] == (None, []) and erased["claim"] is None
        assert erased["order"][0] == expected["order"][0] and erased["order"][2:] == expected["order"][2:]
    finally:
        services.close()


def test_an_interrupted_upgrade_resumes_where_it_stopped(shared_database_url: str) -> None:
    old_store(shared_database_url)
    services = bootstrap(shared_database_url)
    try:
        with services.db.transaction() as tx:
            tx.execute("UPDATE orderhub_sealing SET position = 1 WHERE name = 'events'")
            tx.execute("UPDATE orderhub_sealing SET position = 0 WHERE name = 'snapshots'")
        snapshots = services.book.snapshots.recorder if services.book.snapshots else None
        sealer = ClearEventSealer(services.db, services.book.mapper, services.book.recorder, snapshots)
        assert sealer.pending() == (1, 3)
        seen: list[tuple[int, int]] = []
        assert sealer.run(lambda position, until: seen.append((position, until))) == 0  # sealed already
        assert seen == [(3, 3)] and sealer.pending() is None
    finally:
        services.close()


def test_migrate_store_seals_a_store_written_in_clear(tmp_path: Path, shared_database_url: str) -> None:
    source = f"sqlite:///{tmp_path / 'old' / 'orderhub.db'}"
    old_store(source)
    result = CliRunner().invoke(app, ["migrate-store", source, shared_database_url])
    assert result.exit_code == 0, result.output
    services = bootstrap(shared_database_url)
    try:
        events = [n.state for n in services.book.recorder.select_notifications(start=None, limit=1000)]
        assert len(events) == 3
        for state in events:
            for value in PERSONAL:
                assert value.encode() not in state
        assert readings(services.book)["customer"][0].name == "Greta Gruen"
        assert orjson.loads(events[0])["_sealed"][0][1] == CONTACT
    finally:
        services.close()
