"""``aggregate_load_ratio``: loading an order with 1,000 events against one with 10 (SQLite).

Both orders are built through the application (each change saved on its own, so snapshots are
taken as configured in application/order_book.py); each is then loaded many times with
``AggregateStore.get``. The figure is the ratio of the median load times; snapshots keep it near 1.
"""

from __future__ import annotations

import statistics
import time
from datetime import timedelta
from uuid import UUID

from bench.channel_orders import NOW, pulled_orders
from bench.context import Context
from bench.gates import gated
from bench.results import Row
from domain.order import Order
from entrypoints.bootstrap import Services, bootstrap

LOADS = 300


def order_with(services: Services, events: int, external: int) -> UUID:
    reported = pulled_orders(2)[external].order
    order = Order.import_from_channel(
        channel="ebay-de",
        channel_kind="ebay",
        number=f"ORD-{external}",
        customer_id=UUID(int=1),
        order=reported,
        receipt=None,
        now=NOW,
    )
    services.book.save(order)
    for n in range(1, events):  # the channel keeps reporting edits: one DetailsSynced each
        changed = reported.model_copy(update={"note": f"Nachricht {n}"})
        assert order.sync_from_channel(changed, None, NOW + timedelta(seconds=n))
        services.book.save(order)
    return order.id


def median_load_ms(services: Services, order_id: UUID, version: int) -> float:
    samples = []
    for _ in range(LOADS):
        started = time.perf_counter()
        order = services.book.get(order_id)
        samples.append((time.perf_counter() - started) * 1000)
        assert order is not None and order.version == version
    return statistics.median(samples)


def run(ctx: Context) -> list[Row]:
    long = ctx.sizes.history_events
    row = gated("aggregate_load_ratio", "x", higher_is_better=False)
    services = bootstrap(f"sqlite:///{ctx.scratch('aggregate-load')}/orderhub.db")
    try:
        short_id, long_id = order_with(services, 10, 0), order_with(services, long, 1)
        for _ in range(ctx.repeat):
            short_ms = median_load_ms(services, short_id, 10)
            long_ms = median_load_ms(services, long_id, long)
            row.add(long_ms / short_ms)
    finally:
        services.close()
    row.note = f"{long:,} events vs 10; last run: {long_ms:.2f} ms vs {short_ms:.2f} ms per load"
    return [row]
