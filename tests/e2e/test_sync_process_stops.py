"""A real ``orderhub sync`` process that dies or is stopped mid-sync does not lock its channel out.

The eBay simulator is told to answer the order search only after a minute, so the sync is surely
in the middle of a call when the test kills (SIGKILL) or stops (SIGTERM) it. A second sync must
then be admitted within the lease's short lifetime, or at once after SIGTERM.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from adapters.persistence.database_url import DatabaseUrl
from adapters.persistence.sql_database import SqlDatabase
from adapters.persistence.sync_leases import SqlSyncLeases
from application.sync_lease import LEASE_SECONDS
from entrypoints.bootstrap import bootstrap
from simulators.ebay.app import create_app
from simulators.ebay.state import EbayMarketplace
from simulators.server import BackgroundServer

ORDERHUB = Path(sys.executable).parent / "orderhub"
CHANNEL = "ebay-de"

pytestmark = [
    pytest.mark.skipif(not ORDERHUB.exists(), reason=f"{ORDERHUB} is not installed"),
    pytest.mark.slow,
]


@pytest.fixture
def market() -> Iterator[tuple[EbayMarketplace, BackgroundServer]]:
    shop = EbayMarketplace(seed=5)
    shop.generate(4)
    with BackgroundServer(create_app(shop)) as running:
        yield shop, running


@pytest.fixture
def database_url(tmp_path: Path, market: tuple[EbayMarketplace, BackgroundServer]) -> str:
    url = f"sqlite:///{tmp_path / 'orderhub.db'}"
    shop, running = market
    services = bootstrap(url)
    services.channels.register(CHANNEL, "ebay", shop.channel_settings(running.url), None)
    services.close()
    return url


def start_sync(database_url: str, workdir: Path) -> tuple[subprocess.Popen[bytes], Path]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ORDERHUB_") or k == "ORDERHUB_SECRET_KEY"}
    env.update(ORDERHUB_DATABASE_URL=database_url, PYTHONUNBUFFERED="1", COLUMNS="200")
    output = workdir / f"sync-{time.monotonic_ns()}.log"
    with output.open("wb") as sink:
        process = subprocess.Popen(
            [str(ORDERHUB), "sync", CHANNEL], cwd=workdir, env=env, stdout=sink, stderr=sink
        )
    return process, output


def hang_in_a_call(shop: EbayMarketplace, process: subprocess.Popen[bytes], output: Path) -> None:
    """Wait until the sync is waiting for the simulator's (held-up) order search."""
    deadline = time.monotonic() + 60
    while not any(call.startswith("GET /sell/fulfillment/v1/order") for call in shop.calls):
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"the sync never reached the order search:\n{output.read_text()}")
        time.sleep(0.05)


def seconds_until_admitted(database_url: str, limit: float) -> float:
    """How long until another process may take the channel's lease (then given back)."""
    db = SqlDatabase(DatabaseUrl.parse(database_url))
    leases, started = SqlSyncLeases(db), time.monotonic()
    try:
        while time.monotonic() - started < limit:
            if leases.try_lease(CHANNEL, "probe", datetime.now(UTC), 5):
                leases.release(CHANNEL, "probe")
                return time.monotonic() - started
            time.sleep(0.2)
        raise AssertionError(f"the channel's lease was still held after {limit}s")
    finally:
        db.close()


def sync_to_the_end(database_url: str, workdir: Path) -> str:
    process, output = start_sync(database_url, workdir)
    assert process.wait(timeout=60) == 0, output.read_text()
    return output.read_text()


def sync_stuck_in_a_call(
    shop: EbayMarketplace, database_url: str, workdir: Path
) -> tuple[subprocess.Popen[bytes], Path]:
    """An ``orderhub sync`` waiting for the simulator's order search, which answers after a minute."""
    shop.faults.inject("timeout", times=None, target="api", seconds=60)
    process, output = start_sync(database_url, workdir)
    hang_in_a_call(shop, process, output)
    return process, output


def test_a_killed_sync_holds_its_channel_only_for_the_leases_short_lifetime(
    tmp_path: Path, market: tuple[EbayMarketplace, BackgroundServer], database_url: str
) -> None:
    shop, _ = market
    process, _ = sync_stuck_in_a_call(shop, database_url, tmp_path)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert seconds_until_admitted(database_url, limit=LEASE_SECONDS + 10) > 1  # it was held
    shop.faults.clear()
    assert re.search(r"imported\s*│\s*4\s", sync_to_the_end(database_url, tmp_path))


def test_a_sync_stopped_with_sigterm_releases_its_channel_at_once(
    tmp_path: Path, market: tuple[EbayMarketplace, BackgroundServer], database_url: str
) -> None:
    shop, _ = market
    process, output = sync_stuck_in_a_call(shop, database_url, tmp_path)
    stopped = time.monotonic()
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=10) == 128 + signal.SIGTERM, output.read_text()
    assert time.monotonic() - stopped < 5
    assert seconds_until_admitted(database_url, limit=2) < 1
    shop.faults.clear()
    assert re.search(r"imported\s*│\s*4\s", sync_to_the_end(database_url, tmp_path))
