"""``order_list_p95_ms_1m``: a filtered, paged order list with 1,000,000 orders stored (SQLite).

Asks the order-list read model (``SqlOrderQueries.list_orders``, what ``GET /api/v1/orders`` calls)
a mix of what the UI asks: first pages, filters by status, channel, source, customer, number and a
week of order dates, a deep page and a sort by total. The figure is the 95th percentile.
"""

from __future__ import annotations

import random
import sqlite3
import time
from typing import Any

from bench.context import Context
from bench.order_store import ensure_store
from bench.results import Row, Target
from entrypoints.bootstrap import bootstrap
from ports.read_models import OrderFilter


def queries(path: str) -> list[dict[str, Any]]:
    with sqlite3.connect(path) as conn:
        customer, number = conn.execute(
            "SELECT customer_id, number FROM rm_orders LIMIT 1 OFFSET 1000"
        ).fetchone()
    return [
        {},
        {"status": "paid"},
        {"channel": "ebay-de"},
        {"channel": "amazon-de", "status": "shipped"},
        {"source": "immediate"},
        {"status": "cancelled", "sort": "-updated_at"},
        {"created_from": "2024-06-01T00:00:00Z", "created_to": "2024-06-08T00:00:00Z"},
        {"status": "shipped", "offset": 950},
        {"channel": "shop", "sort": "-total"},
        {"customer_id": customer},
        {"number": number},
    ]


def run(ctx: Context) -> list[Row]:
    orders = ctx.sizes.list_orders
    path = ensure_store(ctx, orders, ("order_list",))
    row = Row("order_list_p95_ms_1m", "ms", (Target("<", 50),), higher_is_better=False)
    mix = [OrderFilter.model_validate({"limit": 50, **q}) for q in queries(str(path))]
    services = bootstrap(f"sqlite:///{path}")
    worst: dict[str, float] = {}
    try:
        for query in mix:  # warm the page cache, as a running server would have it
            services.queries.list_orders(query)
        rng = random.Random(5)
        for _ in range(ctx.repeat):
            samples = []
            for _ in range(ctx.sizes.list_queries):
                query = rng.choice(mix)
                started = time.perf_counter()
                page = services.queries.list_orders(query)
                samples.append((time.perf_counter() - started) * 1000)
                label = query.model_dump_json(exclude_defaults=True)
                worst[label] = max(worst.get(label, 0.0), samples[-1])
                assert page.items or query.number or query.customer_id, f"no orders for {label}"
            samples.sort()
            row.add(samples[max(0, int(len(samples) * 0.95) - 1)])
    finally:
        services.close()
    slowest = max(worst, key=worst.__getitem__)
    row.note = f"{orders:,} orders, {len(mix)} kinds of query, pages of 50; slowest: {slowest} {worst[slowest]:.1f} ms"
    return [row]
