"""A real ``orderhub serve`` stops promptly on SIGTERM while a sync started through the API
(``POST /api/v1/channels/{name}/sync``) waits for a channel that does not answer, and gives up
that sync's lease so that the channel can be synced again at once."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from entrypoints.bootstrap import bootstrap
from simulators.ebay.app import create_app
from simulators.ebay.state import EbayMarketplace
from simulators.server import BackgroundServer
from tests.e2e.test_serve_restart import ORDERHUB, serve
from tests.e2e.test_sync_process_stops import CHANNEL, seconds_until_admitted

KEY = "e2e-admin-key"

pytestmark = [
    pytest.mark.skipif(not ORDERHUB.exists(), reason=f"{ORDERHUB} is not installed"),
    pytest.mark.slow,
]


@pytest.fixture
def silent_market(tmp_path: Path) -> Iterator[EbayMarketplace]:
    shop = EbayMarketplace(seed=3)
    shop.generate(2)
    shop.faults.inject("timeout", times=None, target="api", seconds=60)
    with BackgroundServer(create_app(shop)) as running:
        services = bootstrap(f"sqlite:///{tmp_path / 'orderhub.db'}")
        services.channels.register(CHANNEL, "ebay", shop.channel_settings(running.url), None)
        services.close()
        yield shop


def test_sigterm_ends_serve_at_once_although_an_api_sync_waits_for_a_silent_channel(
    tmp_path: Path, silent_market: EbayMarketplace
) -> None:
    answers: list[object] = []
    context = serve(tmp_path, KEY)
    server = context.__enter__()
    try:

        def request_sync() -> None:
            try:
                answers.append(server.client(KEY).post(f"/api/v1/channels/{CHANNEL}/sync"))
            except httpx.HTTPError as exc:  # the server closed the connection while stopping
                answers.append(exc)

        caller = threading.Thread(target=request_sync, daemon=True)
        caller.start()
        deadline = time.monotonic() + 20
        while not any(c.startswith("GET /sell/fulfillment/v1/order") for c in silent_market.calls):
            assert time.monotonic() < deadline, f"the sync never reached the order search:\n{server.text()}"
            time.sleep(0.05)
    finally:
        stopping = time.monotonic()
        context.__exit__(None, None, None)  # SIGTERM; asserts the exit status is 0
    assert time.monotonic() - stopping < 10, server.text()
    assert seconds_until_admitted(f"sqlite:///{tmp_path / 'orderhub.db'}", limit=2) < 1
