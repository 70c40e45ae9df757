"""``console_page_p95_ms_1m``, ``console_orders_p95_api_ratio_1m``: console pages with 1,000,000 orders.

A signed-in staff user asks the console, through the ASGI app (TestClient, no network), for the
orders page (first page, a status filter, a search by a customer's e-mail, a deep page), an order's page
(lines, history, actions), the dashboard and the reports page. The figure is the 95th percentile
of the server's time for the whole request (session check, queries, template: measured around the
ASGI app, the test client's own work left out); the gate is absolute (CONSOLE.md: each
page in p95 < 100 ms). The baseline is the order list's own query for the same first page, so the
ratio shows what the page costs beyond the read model.

``console_orders_p95_api_ratio_1m`` gates the orders pages and the order page against the JSON API
the console stands on, asked the same questions right after each page in the same run through the
same app and clock (``GET /api/v1/orders`` with the same filter, search and page size, ``GET
/api/v1/orders/{number}``): what the console adds there is the page itself (session, customers'
names, template, money and dates in the merchant's words).
"""

from __future__ import annotations

import random
import re
import sqlite3
import time
from urllib.parse import parse_qsl, urlencode, urlsplit

from fastapi.testclient import TestClient
from starlette.types import ASGIApp, Receive, Scope, Send

from adapters.argon2_passwords import Argon2Parameters, Argon2PasswordHasher
from bench.context import Context
from bench.gates import gated
from bench.order_list import p95
from bench.order_store import ensure_store
from bench.results import Row
from domain.staff_account import Role
from entrypoints.bootstrap import bootstrap
from entrypoints.http.app import create_app
from ports.read_models import OrderFilter

PROJECTIONS = ("order_list", "customer_list", "sales_report", "order_search", "customer_search")
USER, PASSWORD = "bench", "bench password 1"
API_KEY = "bench-console-api-key"


def api_twin(url: str) -> str | None:
    """The API call a console orders page stands on (None for the dashboard and the reports)."""
    split = urlsplit(url)
    if split.path == "/console/orders":
        return f"/api/v1/orders?{urlencode([*parse_qsl(split.query), ('limit', '50')])}"
    if split.path.startswith("/console/orders/"):
        return "/api/v1/orders/" + split.path.rsplit("/", 1)[1]
    return None


def pages(path: str) -> list[str]:
    with sqlite3.connect(path) as conn:
        (number,) = conn.execute("SELECT number FROM rm_orders LIMIT 1 OFFSET 1000").fetchone()
        (email,) = conn.execute(
            "SELECT email FROM rm_customers WHERE email <> '' LIMIT 1 OFFSET 100"
        ).fetchone()
    return [
        "/console/orders",
        "/console/orders?status=paid",
        f"/console/orders?q={email}",  # staff look a caller up by e-mail
        "/console/orders?status=shipped&offset=950",
        f"/console/orders/{number}",
        "/console",
        "/console/reports",
    ]


class ServerTime:
    """ASGI: how long the app took for each request (what the gate is about), not the test client."""

    def __init__(self, app: ASGIApp) -> None:
        self.app, self.last_ms = app, 0.0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        await self.app(scope, receive, send)
        self.last_ms = (time.perf_counter() - started) * 1000


def sign_in(client: TestClient) -> None:
    page = client.get("/console/login")
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found is not None
    form = {"username": USER, "password": PASSWORD, "csrf_token": found.group(1)}
    signed = client.post("/console/login", data=form)
    assert signed.status_code == 200 and signed.url.path == "/console", signed.text[:300]


def run(ctx: Context) -> list[Row]:
    orders = ctx.sizes.list_orders
    path = ensure_store(ctx, orders, PROJECTIONS)
    row = gated("console_page_p95_ms_1m", "ms", higher_is_better=False)
    against_api = gated("console_orders_p95_api_ratio_1m", "ms", higher_is_better=False)
    api = {"Authorization": f"Bearer {API_KEY}"}
    cheap = Argon2PasswordHasher(Argon2Parameters(time_cost=1, memory_cost_kib=64, parallelism=1))
    services = bootstrap(f"sqlite:///{path}", password_hasher=cheap)
    worst: dict[str, float] = {}
    try:
        if USER not in {user.name for user in services.users.all()}:  # the bench's own account
            services.users.add(USER, Role.STAFF, PASSWORD)
        mix = pages(str(path))
        first_page = OrderFilter(limit=50)
        timed = ServerTime(create_app(services, API_KEY))
        with TestClient(timed) as client:
            sign_in(client)
            for url in mix:  # warm the page cache, as a running server would have it
                answer = client.get(url)
                assert answer.status_code == 200, (url, answer.status_code, answer.text[-2000:])
                twin = api_twin(url)
                assert twin is None or client.get(twin, headers=api).status_code == 200, twin
            rng = random.Random(7)
            for _ in range(ctx.repeat):
                picks = [mix[rng.randrange(len(mix))] for _ in range(ctx.sizes.list_queries)]
                samples, baseline, orders_pages, api_answers = [], [], [], []
                for url in picks:
                    response = client.get(url)
                    samples.append(timed.last_ms)
                    assert response.status_code == 200, url
                    worst[url] = max(worst.get(url, 0.0), samples[-1])
                    if (twin := api_twin(url)) is not None:
                        orders_pages.append(samples[-1])
                        assert client.get(twin, headers=api).status_code == 200, twin
                        api_answers.append(timed.last_ms)
                    started = time.perf_counter()
                    services.order_queries.orders(first_page)
                    baseline.append((time.perf_counter() - started) * 1000)
                row.add(p95(samples), p95(baseline))
                against_api.add(p95(orders_pages), p95(api_answers))
    finally:
        services.close()
    slowest = max(worst, key=worst.__getitem__)
    row.note = (
        f"{orders:,} orders; {len(mix)} pages (orders list, filter, search, deep page, order, dashboard, "
        f"reports); slowest: {slowest} {worst[slowest]:.1f} ms; baseline: the order list's first-page query"
    )
    against_api.note = (
        "the orders pages (first page, status, search, deep page) and the order page against the same "
        "questions to /api/v1/orders right after each, p95 of each side"
    )
    return [row, against_api]
