"""SIGKILL at random moments: a real ``orderhub sync`` and a real ``orderhub serve`` (issue 18).

Against the eBay simulator (every call a little slow, so a kill lands in a pull, an import or a
push), on SQLite and PostgreSQL, with shipments queued through the API: a few trials kill a sync
process and a server that runs a sync a request started, at a random moment each. A final clean
sync then proves: nothing lost (every simulator order imported), nothing duplicated (orders,
customers, numbers), no push sent twice (the simulator records every shipment request), and the
next sync after a kill is admitted as soon as the (short, ``ORDERHUB_SYNC_LEASE_SECONDS``) lease
lapses. The random moments come from a seed printed on failure (``ORDERHUB_CRASH_SEED`` replays it).
"""

from __future__ import annotations

import contextlib
import os
import random
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from entrypoints.bootstrap import bootstrap
from simulators.ebay.app import create_app
from simulators.ebay.state import EbayMarketplace
from simulators.server import BackgroundServer
from tests.support.harness import Harness
from tests.support.serve_process import ORDERHUB, ServeProcess

CHANNEL = "ebay-de"
LEASE_SECONDS = 3
TRIALS = 2

pytestmark = [
    pytest.mark.skipif(not ORDERHUB.exists(), reason=f"{ORDERHUB} is not installed"),
    pytest.mark.slow,
]


@pytest.fixture
def market() -> Iterator[tuple[EbayMarketplace, str]]:
    shop = EbayMarketplace(seed=7)
    shop.generate(12)
    shop.faults.inject("timeout", times=None, target="any", seconds=0.08)  # every call a bit slow
    with BackgroundServer(create_app(shop)) as running:
        yield shop, running.url


def sync_process(database_url: str, workdir: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ORDERHUB_") or k == "ORDERHUB_SECRET_KEY"}
    env.update(
        ORDERHUB_DATABASE_URL=database_url, ORDERHUB_SYNC_LEASE_SECONDS=str(LEASE_SECONDS), COLUMNS="200"
    )
    with (workdir / "syncs.log").open("ab") as sink:
        return subprocess.Popen(
            [str(ORDERHUB), "sync", CHANNEL], cwd=workdir, env=env, stdout=sink, stderr=sink
        )


def clean_sync(database_url: str, workdir: Path) -> float:
    """Sync to the end; returns how long it waited to be admitted (a killed sync's lease)."""
    started = time.monotonic()
    while True:
        process = sync_process(database_url, workdir)
        code = process.wait(timeout=60)
        if code == 0:
            return time.monotonic() - started
        assert code == 2, (workdir / "syncs.log").read_text()  # 2: the channel is still leased
        assert time.monotonic() - started < LEASE_SECONDS + 10, "a killed sync's lease did not lapse"
        time.sleep(0.3)


def all_orders(api: httpx.Client) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    while True:
        body = api.get("/api/v1/orders", params={"limit": 500, "offset": len(items)}).json()
        items += body["items"]
        if len(items) >= body["total"] or not body["items"]:
            return items


def queue_shipments(api: httpx.Client, rng: random.Random, shipped: dict[str, str]) -> None:
    """Ship a few imported orders through the API: pushes the next sync must send, once."""
    open_orders = [o for o in all_orders(api) if o["status"] in ("open", "paid") and o["id"] not in shipped]
    for order in rng.sample(open_orders, min(3, len(open_orders))):
        number = f"00340434{rng.randrange(10**11):011d}"
        answer = api.post(
            f"/api/v1/orders/{order['id']}/status",
            json={"status": "shipped", "tracking": {"carrier": "DHL", "number": number}},
        )
        if answer.status_code == 200:
            shipped[order["id"]] = order["source"]["external_id"]


def kill_a_server_while_it_syncs(server: ServeProcess, rng: random.Random) -> None:
    def request_sync() -> None:
        with contextlib.suppress(httpx.HTTPError):  # the server is killed under it
            server.client(timeout=30).post(f"/api/v1/channels/{CHANNEL}/sync")

    threading.Thread(target=request_sync, daemon=True).start()
    time.sleep(rng.uniform(0.1, 1.2))
    server.kill()


def test_sigkilled_syncs_and_servers_lose_nothing_duplicate_nothing_and_push_once(
    shared_database_url: str, tmp_path: Path, market: tuple[EbayMarketplace, str]
) -> None:
    shop, url = market
    trial_seed = int(os.environ.get("ORDERHUB_CRASH_SEED") or time.time_ns() % 10**9)  # to replay a failure
    rng = random.Random(trial_seed)
    services = bootstrap(shared_database_url)
    services.channels.register(CHANNEL, "ebay", shop.channel_settings(url), None)
    assert services.sync(CHANNEL).complete  # the first orders, to ship
    services.close()
    lease = {"ORDERHUB_SYNC_LEASE_SECONDS": str(LEASE_SECONDS)}
    shipped: dict[str, str] = {}
    for _ in range(TRIALS):
        shop.generate(6, start=shop.clock.now(), end=shop.clock.now())  # new orders, as on eBay
        server = ServeProcess(shared_database_url, tmp_path, **lease)
        server.wait_until_live()
        with server.client() as api:
            queue_shipments(api, rng, shipped)
        killed = sync_process(shared_database_url, tmp_path)
        time.sleep(rng.uniform(0.1, 1.5))
        killed.kill()
        killed.wait(timeout=10)
        waited = clean_sync(shared_database_url, tmp_path)
        assert waited < LEASE_SECONDS + 5, f"seed {trial_seed}: the next sync waited {waited:.1f}s"
        with server.client() as api:
            queue_shipments(api, rng, shipped)
        kill_a_server_while_it_syncs(server, rng)
    clean_sync(shared_database_url, tmp_path)  # also sends the pushes a kill cut short

    with Harness.start(shared_database_url) as h:  # reads only: what the processes stored
        orders = [o for o in all_orders(h.client) if o["source"]["channel"] == CHANNEL]  # type: ignore[arg-type]
        views = {o["id"]: h.order(o["id"]) for o in orders if o["id"] in shipped}
    context = f"seed {trial_seed}"
    external = Counter(o["source"]["external_id"] for o in orders)
    assert set(external) == set(shop.orders), context  # nothing lost
    assert max(external.values()) == 1, context  # nothing duplicated
    assert len({o["number"] for o in orders}) == len(orders), context
    buyers = {
        o["source"]["external_id"]: shop.orders[o["source"]["external_id"]].payload["buyer"]["username"]
        for o in orders
    }
    customers_of = {
        buyer: {o["customer_id"] for o in orders if buyers[o["source"]["external_id"]] == buyer}
        for buyer in set(buyers.values())
    }
    assert all(len(ids) == 1 for ids in customers_of.values()), context
    assert len({next(iter(ids)) for ids in customers_of.values()}) == len(customers_of), context
    assert shipped, f"{context}: no shipment was queued"
    requests = Counter(order_id for order_id, _body in shop.fulfillment_requests)
    for order_id, ebay_id in shipped.items():
        assert views[order_id]["pending_pushes"] == 0, (context, views[order_id])
        assert len(shop.fulfillments.get(ebay_id, [])) == 1, (context, shop.fulfillments.get(ebay_id))
        assert requests[ebay_id] == 1, (context, ebay_id, requests[ebay_id])
