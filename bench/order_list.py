"""``order_list_p95_ms_1m``: a filtered, paged order list with 1,000,000 orders stored (SQLite).

Asks the order-list read model (``SqlOrderQueries.list_orders``, what ``GET /api/v1/orders`` calls)
a mix of what the UI asks: first pages, filters by status, channel, source, customer, number and a
week of order dates, a deep page and a sort by total. The figure is the 95th percentile.

Baseline, right before each run: the same SQL, as orderhub sent it to SQLite for each query (caught
with SQLite's statement trace), run raw on a plain connection to the same file, in the same order:
the count and the page, in one read transaction, rows fetched as tuples. What orderhub adds is its
own: the read model's catch-up check, building the SQL, and turning rows into the answer.
"""

from __future__ import annotations

import random
import sqlite3
import time
from typing import Any

from bench.context import Context
from bench.gates import gated
from bench.order_store import ensure_store
from bench.results import Row
from entrypoints.bootstrap import Services, bootstrap
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


def captured_sql(services: Services, query: OrderFilter) -> list[str]:
    """The statements of the read transaction(s) in which ``list_orders`` reads ``rm_orders``."""
    statements: list[str] = []
    connection = services.db._sqlite_connection()  # this thread's, the one list_orders uses
    connection.set_trace_callback(statements.append)
    try:
        services.queries.list_orders(query)
    finally:
        connection.set_trace_callback(None)
    kept: list[str] = []
    transaction: list[str] = []
    for sql in statements:
        if sql.startswith("BEGIN"):
            transaction = []
        elif sql.startswith("COMMIT"):
            if any("rm_orders" in s for s in transaction):
                kept += transaction
        else:
            transaction.append(sql)
    if not kept:
        raise RuntimeError(f"list_orders did not read rm_orders for {query}: {statements}")
    return kept


def raw_ms(conn: sqlite3.Connection, statements: list[str]) -> float:
    started = time.perf_counter()
    conn.execute("BEGIN")
    for sql in statements:
        conn.execute(sql).fetchall()
    conn.execute("COMMIT")
    return (time.perf_counter() - started) * 1000


def p95(samples: list[float]) -> float:
    samples = sorted(samples)
    return samples[max(0, int(len(samples) * 0.95) - 1)]


def run(ctx: Context) -> list[Row]:
    orders = ctx.sizes.list_orders
    path = ensure_store(ctx, orders, ("order_list",))
    row = gated("order_list_p95_ms_1m", "ms", higher_is_better=False)
    mix = [OrderFilter.model_validate({"limit": 50, **q}) for q in queries(str(path))]
    services = bootstrap(f"sqlite:///{path}")
    raw = sqlite3.connect(path, isolation_level=None)
    worst: dict[str, float] = {}
    try:
        for query in mix:  # warm the page cache, as a running server would have it
            services.queries.list_orders(query)
        sql = [captured_sql(services, query) for query in mix]
        for statements in sql:
            raw_ms(raw, statements)
        rng = random.Random(5)
        for _ in range(ctx.repeat):
            picks = [rng.randrange(len(mix)) for _ in range(ctx.sizes.list_queries)]
            baseline = p95([raw_ms(raw, sql[i]) for i in picks])
            samples = []
            for query in (mix[i] for i in picks):
                started = time.perf_counter()
                page = services.queries.list_orders(query)
                samples.append((time.perf_counter() - started) * 1000)
                label = query.model_dump_json(exclude_defaults=True)
                worst[label] = max(worst.get(label, 0.0), samples[-1])
                assert page.items or query.number or query.customer_id, f"no orders for {label}"
            row.add(p95(samples), baseline)
    finally:
        raw.close()
        services.close()
    slowest = max(worst, key=worst.__getitem__)
    row.note = (
        f"{orders:,} orders, {len(mix)} kinds of query, pages of 50; slowest: {slowest} {worst[slowest]:.1f} ms;"
        " baseline: the same SQL run raw"
    )
    return [row]
