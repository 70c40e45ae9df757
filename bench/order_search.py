"""``order_search_p95_ms_1m``: ``q=`` on the order list with 1,000,000 orders stored (SQLite).

Asks ``SqlOrderQueries.list_orders`` (what ``GET /api/v1/orders?q=`` calls) what the console's
search field gets: a surname, a surname typed without its umlaut, a first and a last name, a
street, a city with a status filter, a postal code, an order number and its start, a channel's
order number, a phone number and a word that matches nothing. First pages of 50 with their total.
The figure is the 95th percentile.

Baseline, as for the order list (bench/order_list.py): the same SQL, caught with SQLite's
statement trace as orderhub sent it, run raw on a plain connection in the same order. What the
figure says on its own: no full scan of a million rows (that alone takes seconds) answers a search.
"""

from __future__ import annotations

import random
import sqlite3
import time

from bench.context import Context
from bench.gates import gated
from bench.order_list import captured_sql, p95, raw_ms
from bench.order_store import ensure_store
from bench.results import Row
from entrypoints.bootstrap import bootstrap
from ports.read_models import OrderFilter

PROJECTIONS = ("order_list", "customer_list", "order_search", "customer_search")


def searches(path: str) -> list[dict[str, str]]:
    with sqlite3.connect(path) as conn:
        (number,) = conn.execute("SELECT number FROM rm_orders LIMIT 1 OFFSET 1000").fetchone()
        external = conn.execute(
            "SELECT external_number FROM rm_orders WHERE external_number IS NOT NULL LIMIT 1"
        ).fetchone()
    return [
        {"q": "Müller"},
        {"q": "Muller"},
        {"q": "Jürgen Köhler"},
        {"q": "Bahnhofstrasse 12"},
        {"q": "Münster", "status": "shipped"},
        {"q": "80331"},
        {"q": number.lower()},
        {"q": number[:-2]},
        {"q": external[0] if external else "B00001"},
        {"q": "0421"},
        {"q": "Zzyzx"},
    ]


def run(ctx: Context) -> list[Row]:
    orders = ctx.sizes.list_orders
    path = ensure_store(ctx, orders, PROJECTIONS)
    row = gated("order_search_p95_ms_1m", "ms", higher_is_better=False)
    mix = [OrderFilter.model_validate({"limit": 50, **q}) for q in searches(str(path))]
    services = bootstrap(f"sqlite:///{path}")
    raw = sqlite3.connect(path, isolation_level=None)
    worst: dict[str, float] = {}
    try:
        for query in mix:  # warm the page cache, as a running server would have it
            services.queries.list_orders(query)
        sql = [captured_sql(services, query) for query in mix]
        for statements in sql:
            raw_ms(raw, statements)
        rng = random.Random(7)
        for _ in range(ctx.repeat):
            picks = [rng.randrange(len(mix)) for _ in range(ctx.sizes.list_queries)]
            baseline = p95([raw_ms(raw, sql[i]) for i in picks])
            samples = []
            for query in (mix[i] for i in picks):
                started = time.perf_counter()
                services.queries.list_orders(query)
                samples.append((time.perf_counter() - started) * 1000)
                label = query.model_dump_json(exclude_defaults=True)
                worst[label] = max(worst.get(label, 0.0), samples[-1])
            row.add(p95(samples), baseline)
    finally:
        raw.close()
        services.close()
    slowest = max(worst, key=worst.__getitem__)
    row.note = (
        f"{orders:,} orders, {len(mix)} searches, first pages of 50 with their total; slowest: {slowest} "
        f"{worst[slowest]:.1f} ms; baseline: the same SQL run raw"
    )
    return [row]
