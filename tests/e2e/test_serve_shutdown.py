"""A real ``orderhub serve``: scheduled syncs run side by side, and SIGTERM does not wait for them.

Two eBay simulators: "awake" answers, "asleep" (synced first: names in order) holds every order search for a minute (a channel that
does not answer). The answering channel's scheduled sync completes all the same, and SIGTERM ends
the server within seconds, with status 0, although the other sync is still waiting.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from entrypoints.bootstrap import bootstrap
from simulators.ebay.app import create_app
from simulators.ebay.state import EbayMarketplace
from simulators.server import BackgroundServer
from tests.e2e.test_serve_restart import ORDERHUB, serve

KEY = "e2e-admin-key"

pytestmark = [
    pytest.mark.skipif(not ORDERHUB.exists(), reason=f"{ORDERHUB} is not installed"),
    pytest.mark.slow,
]


@pytest.fixture
def markets(tmp_path: Path) -> Iterator[dict[str, EbayMarketplace]]:
    shops = {"awake": EbayMarketplace(seed=1), "asleep": EbayMarketplace(seed=2)}
    for shop in shops.values():
        shop.generate(3)
    shops["asleep"].faults.inject("timeout", times=None, target="api", seconds=60)
    with (
        BackgroundServer(create_app(shops["awake"])) as one,
        BackgroundServer(create_app(shops["asleep"])) as two,
    ):
        services = bootstrap(f"sqlite:///{tmp_path / 'orderhub.db'}")
        for name, running in (("awake", one), ("asleep", two)):
            services.channels.register(name, "ebay", shops[name].channel_settings(running.url), 3600)
        services.close()
        yield shops


def test_a_silent_channel_delays_no_other_and_sigterm_ends_the_server_at_once(
    tmp_path: Path, markets: dict[str, EbayMarketplace]
) -> None:
    context = serve(tmp_path, KEY)
    server = context.__enter__()
    try:
        with server.client(KEY) as api:
            deadline = time.monotonic() + 20
            while api.get("/api/v1/orders", params={"channel": "awake"}).json()["total"] < 3:
                assert time.monotonic() < deadline, f"the answering channel was not synced:\n{server.text()}"
                time.sleep(0.2)
            assert any(c.startswith("GET /sell/fulfillment") for c in markets["asleep"].calls)
            assert api.get("/api/v1/orders", params={"channel": "asleep"}).json()["total"] == 0
    finally:
        stopping = time.monotonic()
        context.__exit__(None, None, None)  # SIGTERM; asserts the exit status is 0
    assert time.monotonic() - stopping < 10, server.text()
