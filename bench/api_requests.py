"""``api_get_order_rps``, ``api_get_order_p99_ms``, ``api_post_order_rps``: orderhub serve under load.

``orderhub serve`` runs in its own process on a SQLite store holding imported orders; the load comes
from another process (http_load.py) over 50 keep-alive connections. Baselines, each measured right
before its figure, served the same way by bare FastAPI endpoints (bare_app.py): for GET a small
JSON object; for POST the same body parsed and validated with pydantic and written as one row.

The p99 is taken with the same 50 connections offered half the GET rate orderhub reached at
saturation: with every connection always busy, latency is just connections / throughput (Little's
law) and measures the queue, not the service; the saturated p99 is in the note. Its baseline is
the bare GET endpoint's p99 at the same offered rate.
"""

from __future__ import annotations

import uuid
from typing import Any

from adapters.persistence.sequences import SqlNumberSequence
from application.customer_matching import CustomerMatcher
from application.intake import ChannelIntake
from bench.channel_orders import NOW, pulled_orders
from bench.context import Context
from bench.gates import gated
from bench.http_load import LoadResult, generator_name, measure
from bench.results import Row
from bench.server_process import API_KEY, ServerProcess
from domain.order import Order
from entrypoints.bootstrap import bootstrap

STORED_ORDERS = 2_000
POST_BODY = (
    '{"currency":"EUR","shipping_cost":"4.90","lines":[{"sku":"SKU-1","title":"Bench item","quantity":2,'
    '"unit_price":"19.99","tax_rate":"19"}],"customer":{"name":"Bench Buyer {n}","email":"buyer{n}@bench.example",'
    '"billing_address":{"name":"Bench Buyer","street":"Hauptstr. 1","postal_code":"10115","city":"Berlin",'
    '"country_code":"DE"}}}'
)


def seeded_store(ctx: Context) -> tuple[str, list[str]]:
    """A SQLite store with imported orders; returns its URL and the orders' API paths."""
    url = f"sqlite:///{ctx.scratch('api')}/orderhub.db"
    orders = pulled_orders(min(STORED_ORDERS, max(200, ctx.sizes.import_orders)))
    services = bootstrap(url)
    try:
        book, numbers = services.book, SqlNumberSequence(services.db)
        intake = ChannelIntake(book, numbers, CustomerMatcher(book, numbers))
        for start in range(0, len(orders), 200):
            intake.import_page("ebay-de", "ebay", list(orders[start : start + 200]), NOW)
    finally:
        services.close()
    return url, [f"/api/v1/orders/{Order.channel_order_id('ebay-de', p.order.external_id)}" for p in orders]


def side_by_side(
    ctx: Context, bare: ServerProcess, server: ServerProcess, path: str, auth: dict[str, str], **load: Any
) -> tuple[LoadResult, LoadResult]:
    """The bare baseline, then orderhub right after it, under the same load (only orderhub takes a key)."""
    baseline = measure(ctx, bare.url + path, **load)
    return baseline, measure(ctx, server.url + path, headers=auth, **load)


def run(ctx: Context) -> list[Row]:
    sizes = ctx.sizes
    seconds, connections = sizes.load_seconds, sizes.connections
    auth = {"Authorization": f"Bearer {API_KEY}"}
    what = f"{sizes.connections} connections, {sizes.load_seconds:g} s per run, load by {generator_name()}"
    get_rps = gated("api_get_order_rps", "req/s", note=what)
    get_p99 = gated("api_get_order_p99_ms", "ms", higher_is_better=False)
    post_rps = gated("api_post_order_rps", "req/s", note=what + "; a new customer each")
    load: dict[str, Any] = {"seconds": seconds, "connections": connections}
    url, paths = seeded_store(ctx)
    folder = ctx.workdir / "scratch" / "api"
    saturated: list[LoadResult] = []
    paced: list[LoadResult] = []
    errors = 0
    with (
        ServerProcess.bare(ctx, folder / "bare.log") as bare,
        ServerProcess.orderhub(ctx, url, folder / "serve.log") as server,
    ):
        measure(ctx, server.url + paths[0], paths=paths, headers=auth, seconds=1, connections=10)  # warm-up
        for run_number in range(ctx.repeat):
            baseline, result = side_by_side(ctx, bare, server, paths[0], auth, paths=paths, **load)
            get_rps.add(result.rps, baseline.rps)
            paced_load = {**load, "paths": paths, "rate": result.rps / 2}
            bare_calm, calm = side_by_side(ctx, bare, server, paths[0], auth, **paced_load)
            get_p99.add(calm.p99_ms, bare_calm.p99_ms)
            token = f"{uuid.uuid4().hex[:8]}r{run_number}"
            bare_posted, posted = side_by_side(
                ctx, bare, server, "/api/v1/orders", auth, post_template=POST_BODY, token=token, **load
            )
            post_rps.add(posted.rps, bare_posted.rps)
            saturated.append(result)
            paced.append(calm)
            errors += result.errors + calm.errors + posted.errors
            errors += baseline.errors + bare_calm.errors + bare_posted.errors
    get_p99.note = (
        f"{sizes.connections} connections offered half the saturated GET rate (about "
        f"{paced[-1].rps:,.0f} req/s); at saturation p99 was {max(r.p99_ms for r in saturated):,.0f} ms"
    )
    if errors:
        for row in (get_rps, get_p99, post_rps):
            row.note += f"; {errors} failed requests"
    return [get_rps, get_p99, post_rps]
