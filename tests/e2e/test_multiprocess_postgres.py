"""Scale-out: two ``orderhub serve`` (one with two uvicorn workers) and one ``orderhub worker`` on one
PostgreSQL database, with concurrent immediate orders, syncs on request and scheduled syncs against a
JTL-Connector simulator. Afterwards: no duplicate orders or customers, lists agree with the events.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from entrypoints.bootstrap import bootstrap
from simulators.jtl_connector.app import ConnectorShop, create_app
from simulators.server import BackgroundServer, free_port
from tests.support.event_log import EventLog, projection_mismatches

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

API_KEY = "multiprocess-test-key"
TOKEN = "sync-token"
ORDERHUB = str(Path(sys.executable).with_name("orderhub"))
ADDRESS = {
    "name": "Kim Kauf",
    "street": "Ring 2",
    "postal_code": "50667",
    "city": "Köln",
    "country_code": "DE",
}


class Process:
    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        with log.open("wb") as out:
            self.popen = subprocess.Popen([ORDERHUB, *args], env=env, stdout=out, stderr=subprocess.STDOUT)

    def stop(self) -> None:
        self.popen.terminate()  # uvicorn and the worker shut down cleanly on SIGTERM
        try:
            self.popen.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait(timeout=10)


def wait_until(check: Callable[[], bool], seconds: float, what: str, logs: list[Path]) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    tails = "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}" for p in logs)
    raise AssertionError(f"{what} did not happen within {seconds}s\n{tails}")


def healthy(url: str) -> bool:
    try:
        return httpx.get(f"{url}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.fixture
def cluster(new_postgres_database: Callable[[], str], tmp_path: Path) -> Iterator[dict[str, Any]]:
    database_url = new_postgres_database()
    env = {**os.environ, "ORDERHUB_DATABASE_URL": database_url, "ORDERHUB_API_KEY": API_KEY}
    env.pop("ORDERHUB_SCHEDULER", None)
    ports = [free_port(), free_port()]
    processes = [  # all three start at once on a database without tables (the schema lock's job)
        Process(
            ["serve", "--port", str(ports[0]), "--workers", "2", "--no-background"],
            env,
            tmp_path / "api-a.log",
        ),
        Process(["serve", "--port", str(ports[1]), "--no-background"], env, tmp_path / "api-b.log"),
        Process(["worker"], env, tmp_path / "worker.log"),
    ]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    logs = [p.log for p in processes]
    try:
        for url in urls:
            wait_until(lambda url=url: healthy(url), 60, f"{url} answering", logs)
        clients = [
            httpx.Client(base_url=f"{u}/api/v1", headers={"Authorization": f"Bearer {API_KEY}"}, timeout=60)
            for u in urls
        ]
        yield {"database_url": database_url, "clients": clients, "logs": logs, "processes": processes}
        for client in clients:
            client.close()
    finally:
        for process in processes:
            process.stop()


def order_body(n: int) -> dict[str, Any]:
    email = "shared.new@example.com" if n % 3 == 0 else f"buyer{n}@example.com"
    return {
        "customer": {"name": f"Kim {n}", "email": email, "billing_address": ADDRESS},
        "currency": "EUR",
        "lines": [
            {"sku": f"SKU-{n}", "title": "Becher", "quantity": 2, "unit_price": "7.45", "tax_rate": "19"}
        ],
        "shipping_cost": "4.90",
    }


def test_two_api_servers_and_a_worker_import_and_record_everything_exactly_once(
    cluster: dict[str, Any],
) -> None:
    a, b = cluster["clients"]
    shop = ConnectorShop(token=TOKEN)
    shop.add_generated_orders(120, seed=31)
    with BackgroundServer(create_app(shop)) as simulator:
        settings = {"url": f"{simulator.url}/jtlconnector/", "token": TOKEN}
        created = a.post(
            "/channels",
            json={"name": "woo", "kind": "jtl-connector", "settings": settings, "sync_interval_seconds": 10},
        )
        assert created.status_code == 201, created.text

        def place(n: int) -> httpx.Response:
            return (a if n % 2 else b).post("/orders", json=order_body(n))

        def sync(n: int) -> httpx.Response:
            if n == 2:
                shop.add_generated_orders(60, seed=32)  # arrives while syncs run
            return (a if n % 2 else b).post("/channels/woo/sync")

        with ThreadPoolExecutor(8) as pool:
            syncs = [pool.submit(sync, n) for n in range(4)]
            placed = list(pool.map(place, range(24)))
            sync_answers = [s.result() for s in syncs]
        assert [r.status_code for r in placed] == [201] * 24, [r.text for r in placed if r.status_code != 201]
        assert {r.status_code for r in sync_answers} <= {200, 409}

        # Each placed order is in the other server's list straight away (it catches up when asked).
        for answer, other in zip(placed[:4], (b, a, b, a), strict=True):
            listed = other.get("/orders", params={"number": answer.json()["number"]})
            assert listed.status_code == 200, listed.text
            assert [o["id"] for o in listed.json()["items"]] == [answer.json()["id"]]

        def all_imported() -> bool:
            page = b.get("/orders", params={"channel": "woo", "limit": 500}).json()
            return page["total"] >= len(shop.orders)

        wait_until(all_imported, 60, "every shop order imported", cluster["logs"])
        shop.add_generated_orders(30, seed=33)  # nobody asks for a sync now: the worker's schedule does it
        wait_until(all_imported, 60, "the worker's scheduled sync importing new orders", cluster["logs"])

    shared = a.get("/customers", params={"email": "shared.new@example.com"}).json()
    assert shared["total"] == 1
    assert {r.json()["customer_id"] for r in placed[::3]} == {shared["items"][0]["id"]}

    services = bootstrap(cluster["database_url"])
    try:
        head = services.projections.head()
        wait_until(  # the worker follows the log on its own (NOTIFY), without anyone asking
            lambda: all(p["position"] >= head or p["lag"] == 0 for p in services.projections.status()),
            10,
            "projections caught up by the worker",
            cluster["logs"],
        )
        log = EventLog.read(services)
        assert log.duplicate_channel_orders() == []
        channel_orders = [o.external_id for o in log.orders.values() if o.channel == "woo"]
        assert sorted(channel_orders) == sorted(shop.orders)
        assert len(log.orders) == len(shop.orders) + 24
        assert [email for email, ids in log.customers_by_email().items() if len(ids) > 1] == []
        numbers = Counter(o.number for o in log.orders.values())
        assert [n for n, count in numbers.items() if count > 1] == []
        assert projection_mismatches(services, log) == []
    finally:
        services.close()
