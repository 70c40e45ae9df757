"""``server_rss_mb_100k``: peak resident memory of ``orderhub serve`` over a store of 100,000 orders.

The server (scheduler and projections on, as it runs by default) starts on the kept store, then
serves a mixed load for a while: single orders, filtered order lists, customers, the sales report
and new orders. The figure is the process's peak RSS (VmHWM) in MB.
"""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from functools import partial
from pathlib import Path
from uuid import UUID

from bench.api_requests import POST_BODY
from bench.context import Context
from bench.gates import gated
from bench.http_load import measure
from bench.order_store import ensure_store
from bench.results import Row
from bench.server_process import API_KEY, ServerProcess

LIST_PATHS = [
    "/api/v1/orders?limit=50",
    "/api/v1/orders?status=paid&limit=50",
    "/api/v1/orders?channel=ebay-de&limit=100&offset=200",
    "/api/v1/orders?sort=-total&limit=50",
    "/api/v1/customers?limit=50",
    "/api/v1/reports/sales",
]


def order_paths(path: str, count: int = 500) -> list[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT id FROM rm_orders ORDER BY created_at DESC LIMIT ?", (count,)).fetchall()
    return [f"/api/v1/orders/{UUID(r[0])}" for r in rows]


def run(ctx: Context) -> list[Row]:
    orders = ctx.sizes.store_orders
    path = ensure_store(ctx, orders, ("order_list", "customer_list", "sales_report", "sync_log"))
    row = gated("server_rss_mb_100k", "MB", higher_is_better=False)
    auth = {"Authorization": f"Bearer {API_KEY}"}
    seconds, connections = ctx.sizes.load_seconds, ctx.sizes.connections
    log = ctx.workdir / "scratch" / "rss-serve.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    paths = order_paths(str(path)) + LIST_PATHS
    for run_number in range(ctx.repeat):
        copy = ctx.scratch("rss") / "orderhub.db"  # new orders go to a copy; the kept store stays as built
        for suffix in ("", "-wal"):
            if Path(f"{path}{suffix}").exists():
                shutil.copyfile(f"{path}{suffix}", f"{copy}{suffix}")
        with ServerProcess.orderhub(ctx, f"sqlite:///{copy}", log) as server:
            read_load = partial(
                measure,
                ctx,
                server.url + paths[0],
                paths=paths,
                headers=auth,
                seconds=seconds,
                connections=connections,
            )
            read_load()
            token = f"rss{uuid.uuid4().hex[:6]}r{run_number}"
            measure(
                ctx,
                server.url + "/api/v1/orders",
                post_template=POST_BODY,
                token=token,
                headers=auth,
                seconds=seconds / 2,
                connections=connections,
            )
            read_load()
            row.add(server.status_field("VmHWM") / 1024)
    row.note = f"{orders:,} orders stored; after GET/list/report and POST load ({connections} connections)"
    return [row]
