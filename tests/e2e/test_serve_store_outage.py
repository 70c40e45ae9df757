"""A real ``orderhub serve`` on PostgreSQL when the database goes away (issue 18, points 18, 19).

Unreachable: the server reaches PostgreSQL through a TCP proxy on loopback that the test cuts
(the machine's PostgreSQL keeps running): requests answer 503 with Retry-After within a bounded
time instead of hanging, liveness stays 200 and readiness names the store; after the proxy is
restored the same process works again. Recreated empty: the database is dropped and created again
while the server runs; the next requests work without a restart.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlparse

import httpx
import pytest

from tests.support.databases import PostgresServer
from tests.support.order_data import immediate_order
from tests.support.serve_process import ORDERHUB, ServeProcess
from tests.support.tcp_proxy import TcpProxy

pytestmark = [
    pytest.mark.skipif(not ORDERHUB.exists(), reason=f"{ORDERHUB} is not installed"),
    pytest.mark.postgres,
    pytest.mark.slow,
]
BOUND_SECONDS = 8.0
"""A request while the database is away answers within this (pool_timeout=2 on the URL)."""


@pytest.fixture
def server_on(tmp_path: Path) -> Iterator[Callable[[str], ServeProcess]]:
    started: list[ServeProcess] = []

    def start(url: str) -> ServeProcess:
        started.append(ServeProcess(url, tmp_path))
        started[-1].wait_until_live()
        return started[-1]

    yield start
    for server in started:
        assert server.stop() == 0, server.text()


def timed(call: Callable[[], httpx.Response]) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def until_placed(api: httpx.Client, limit: float = 40) -> list[int]:
    """POST orders until one is placed; returns the statuses met before (all must be 503)."""
    met, deadline = [], time.monotonic() + limit
    while time.monotonic() < deadline:
        answer = api.post("/api/v1/orders", json=immediate_order())
        if answer.status_code == 201:
            return met
        met.append(answer.status_code)
        assert answer.status_code == 503 and answer.headers.get("Retry-After"), answer.text
        time.sleep(0.3)
    raise AssertionError(f"no order could be placed within {limit}s; statuses: {met}")


def until_listed(api: httpx.Client, total: int, limit: float = 20) -> None:
    deadline = time.monotonic() + limit
    while api.get("/api/v1/orders").json().get("total") != total:
        assert time.monotonic() < deadline, api.get("/api/v1/orders").text
        time.sleep(0.2)


def until_ready(api: httpx.Client, limit: float = 10) -> None:
    deadline = time.monotonic() + limit
    while (ready := api.get("/health/ready")).status_code != 200:
        assert time.monotonic() < deadline, ready.text
        time.sleep(0.2)


def test_an_unreachable_database_answers_503_fast_and_the_server_recovers(
    new_postgres_database: Callable[[], str], server_on: Callable[[str], ServeProcess]
) -> None:
    url = urlparse(new_postgres_database())
    with TcpProxy(url.hostname or "127.0.0.1", url.port or 5432) as proxy:
        proxied = url._replace(
            netloc=f"{url.username}@127.0.0.1:{proxy.port}",
            query=f"{url.query}&connect_timeout=2&pool_timeout=2",
        ).geturl()
        server = server_on(proxied)
        with server.client() as api:
            assert until_placed(api) == []
            assert api.get("/health/ready").status_code == 200, api.get("/health/ready").text
            proxy.cut()
            for call in (
                lambda: api.post("/api/v1/orders", json=immediate_order()),
                lambda: api.get("/api/v1/orders"),
                lambda: api.get("/health/ready"),
                lambda: api.post("/api/v1/orders", json=immediate_order()),
            ):
                answer, seconds = timed(call)
                assert answer.status_code == 503 and answer.headers["Retry-After"], answer.text
                assert seconds < BOUND_SECONDS, f"{seconds:.1f}s: {answer.text}"
            ready = api.get("/health/ready").json()
            assert ready["checks"]["store"] != "ok" and "store" in ready["detail"], ready
            assert api.get("/health/live").status_code == 200
            proxy.restore()
            assert set(until_placed(api)) <= {503}
            until_listed(api, total=2)
            until_ready(api)
    assert "Traceback" not in server.text(), server.text()


def test_a_database_dropped_and_created_again_empty_works_without_a_restart(
    postgres_server: PostgresServer,
    new_postgres_database: Callable[[], str],
    server_on: Callable[[str], ServeProcess],
) -> None:
    url = new_postgres_database()
    name = urlparse(url).path.lstrip("/")
    server = server_on(url)
    with server.client() as api:
        assert until_placed(api) == []
        until_listed(api, total=1)
        postgres_server.create(name)  # drops it (ending the server's sessions), then creates it empty
        assert set(until_placed(api)) <= {503}
        until_listed(api, total=1)
        until_ready(api)
