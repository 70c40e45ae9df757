"""Large SQLite stores for the read-side benchmarks (100,000 and 1,000,000 orders), built fast, kept.

Events are real: a few thousand orders and customers are built with the domain aggregates and stored
with the application's own mapper (templates). Each stored order is a template's events with its own
id, number, customer, external id and times written into the same JSON, inserted in large batches
into the event store's table. The read models are then built from those events by the real
projections. A store is kept under var/ and reused while ``STORE_VERSION`` and the sources that
shape events are unchanged.
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import orjson

from bench.context import ROOT, Context
from bench.store_templates import Template, templates
from entrypoints.bootstrap import Services, bootstrap

STORE_VERSION = 2  # 2: personal data sealed
SHAPING = (
    "bench/order_store.py",
    "bench/store_templates.py",
    "domain/order.py",
    "domain/customer.py",
    "domain/channel_order.py",
    "domain/order_line.py",
    "adapters/persistence/mapper.py",
    "adapters/privacy/sealing.py",
    "domain/privacy.py",
)
START = datetime(2024, 1, 1, tzinfo=UTC)
BATCH = 20_000


def store_key() -> str:
    digest = hashlib.sha256()
    for name in SHAPING:
        digest.update((ROOT / name).read_bytes())
    return f"v{STORE_VERSION}-{digest.hexdigest()[:10]}"


def ensure_store(ctx: Context, orders: int, projections: tuple[str, ...]) -> Path:
    """The path of a store holding ``orders`` orders, with the named projections caught up."""
    folder = ctx.workdir / "stores"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"orders-{orders}-{store_key()}.db"
    if not path.exists():
        for stale in folder.glob(f"orders-{orders}-*"):
            stale.unlink()
        started = time.monotonic()
        print(f"   building a store of {orders:,} orders (kept in {folder}) ...", flush=True)
        partial = path.with_suffix(".partial")
        for leftover in folder.glob(partial.name + "*"):
            leftover.unlink()
        _fill(partial, orders)
        for suffix in ("", "-wal", "-shm"):
            if Path(f"{partial}{suffix}").exists():
                Path(f"{partial}{suffix}").rename(f"{path}{suffix}")
        print(f"   events stored in {time.monotonic() - started:.0f} s", flush=True)
    services = bootstrap(f"sqlite:///{path}")
    try:
        started = time.monotonic()
        for name in projections:  # a big backlog (a new store, a changed read model) is rebuilt
            behind = services.projections.head() - _position(services, name)
            if behind > 100_000:
                services.projections.rebuild(name)
            services.projections.catch_up(name)
        if time.monotonic() - started > 5:
            print(f"   read models caught up in {time.monotonic() - started:.0f} s", flush=True)
    finally:
        services.close()
    return path


def _position(services: Services, name: str) -> int:
    return next((int(p["position"]) for p in services.projections.status() if p["name"] == name), 0)


def _fill(path: Path, orders: int) -> None:
    services = bootstrap(f"sqlite:///{path}")  # creates the tables the way orderhub does
    table = services.book.recorder.events_table_name  # type: ignore[attr-defined]  # SQLite's
    pool = templates(services.book, random.Random(3))
    services.close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous=OFF")  # a benchmark fixture: rebuilt if a crash spoils it
    rows: list[tuple[str, int, str, bytes]] = []
    for row in _rows(pool, orders):
        rows.append(row)
        if len(rows) >= BATCH:
            _insert(conn, table, rows)
    _insert(conn, table, rows)
    conn.close()


def _insert(conn: sqlite3.Connection, table: str, rows: list[tuple[str, int, str, bytes]]) -> None:
    conn.execute("BEGIN")
    conn.executemany(f"INSERT INTO {table} VALUES (?, ?, ?, ?)", rows)
    conn.execute("COMMIT")
    rows.clear()


def _rows(pool: list[Template], orders: int) -> Iterator[tuple[str, int, str, bytes]]:
    rng = random.Random(17)
    span = 2 * 365 * 86400
    customers: list[str] = []
    for n in range(orders):
        placed = START + timedelta(seconds=span * n / orders + rng.uniform(0, 30))
        if n % 5 == 0:  # a customer per five orders, stored before their first order
            customer = pool[n % len(pool)].customer
            customer_id = UUID(int=rng.getrandbits(128), version=4)
            customers.append(str(customer_id))
            yield from _copy(customer, customer_id, placed, {"number": f"CUS-{200000 + len(customers)}"})
        template = pool[rng.randrange(len(pool))]
        changes: dict[str, Any] = {"number": f"ORD-{500000 + n}", "customer_id": rng.choice(customers)}
        external = f"{template.channel}-{n}" if template.channel else None
        yield from _copy(template.order, UUID(int=rng.getrandbits(128), version=4), placed, changes, external)


def _copy(
    events: list[tuple[str, dict[str, Any], float]],
    originator_id: UUID,
    placed: datetime,
    changes: dict[str, Any],
    external_id: str | None = None,
) -> Iterator[tuple[str, int, str, bytes]]:
    """A template's events for another aggregate: its id, first-event fields and times."""
    for version, (topic, state, offset) in enumerate(events, start=1):
        data = dict(state)
        data["timestamp"] = _text(placed + timedelta(seconds=offset))
        if version == 1:
            data.update(changes)
        if "order" in data:
            content = dict(data["order"])
            content["placed_at"] = _text(placed)
            if external_id is not None:
                content["external_id"] = external_id
            data["order"] = content
        yield originator_id.hex, version, topic, orjson.dumps(data)


def _text(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
