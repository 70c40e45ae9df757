"""``rebuild_events_per_s``: ``orderhub projections rebuild order_list`` on a store of 100,000 orders.

Runs what the command runs (``ProjectionRunner.rebuild("order_list")``, a blue/green rebuild);
events/s counts the order events the projection reads. Baseline: reading the same events raw, in
pages of 1,000 (``select_notifications``), without decoding them.
"""

from __future__ import annotations

import time

from adapters.read_models import order_summary
from bench.context import Context
from bench.gates import gated
from bench.order_store import ensure_store
from bench.results import Row
from entrypoints.bootstrap import Services, bootstrap

PAGE = 1000


def read_raw(services: Services) -> int:
    recorder, position, count = services.book.recorder, 0, 0
    while batch := recorder.select_notifications(
        start=position, limit=PAGE, topics=order_summary.TOPICS, inclusive_of_start=False
    ):
        count += len(batch)
        position = batch[-1].id
    return count


def run(ctx: Context) -> list[Row]:
    orders = ctx.sizes.store_orders
    path = ensure_store(ctx, orders, ())
    row = gated("rebuild_events_per_s", "events/s")
    services = bootstrap(f"sqlite:///{path}")
    try:
        for _ in range(ctx.repeat):
            started = time.perf_counter()
            events = read_raw(services)
            baseline = events / (time.perf_counter() - started)
            started = time.perf_counter()
            services.projections.rebuild("order_list")
            row.add(events / (time.perf_counter() - started), baseline)
    finally:
        services.close()
    row.note = f"{events:,} order events of {orders:,} orders; baseline: the same events read raw"
    return [row]
