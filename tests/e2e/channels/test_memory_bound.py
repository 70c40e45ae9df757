"""A real ``orderhub sync`` process stays small while eBay answers 1.5 GB, or a gzip bomb.

The simulator streams the body (nothing that large exists anywhere); the sync's peak RSS comes
from ``os.wait4``, for that process alone.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from adapters.channels.registry import discover_kinds
from entrypoints.bootstrap import bootstrap
from simulators.ebay.app import create_app
from simulators.ebay.state import EbayMarketplace
from simulators.server import BackgroundServer

ORDERHUB = Path(sys.executable).parent / "orderhub"
GB = 1024**3
PEAK_RSS_LIMIT = 600 * 1024 * 1024


def sync_with_peak_rss(database_url: str, tmp_path: Path, **settings: str) -> tuple[int, str, int]:
    env = {**os.environ, "ORDERHUB_DATABASE_URL": database_url, "ORDERHUB_LOG_LEVEL": "WARNING", **settings}
    out = tmp_path / "sync.out"
    with out.open("wb") as sink:
        process = subprocess.Popen(
            [str(ORDERHUB), "sync", "ebay-de"], env=env, stdout=sink, stderr=subprocess.STDOUT
        )
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:
            process.kill()
            raise
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, out.read_text(errors="replace"), usage.ru_maxrss * 1024  # kB on Linux


def registered(market: EbayMarketplace, url: str, tmp_path: Path) -> str:
    database_url = f"sqlite:///{tmp_path / 'orderhub.db'}"
    services = bootstrap(database_url, kinds=discover_kinds(include_plugins=False))
    services.channels.register("ebay-de", "ebay", market.channel_settings(url), None)
    services.close()
    return database_url


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ru_maxrss in kB is Linux's")
@pytest.mark.parametrize(("fault", "size"), [("huge", 3 * GB // 2), ("gzip-bomb", 800 * 1024 * 1024)])
def test_a_sync_stays_under_600_mb_while_the_channel_answers_gigabytes(
    tmp_path: Path, fault: str, size: int
) -> None:
    market = EbayMarketplace(seed=4)
    market.faults.inject(fault, size=size, times=None)
    with BackgroundServer(create_app(market)) as server:
        code, output, peak = sync_with_peak_rss(registered(market, server.url, tmp_path), tmp_path)
    assert code == 1, output
    assert "eBay getOrders: the answer is larger than 50 MB" in output
    assert peak < PEAK_RSS_LIMIT, f"peak RSS {peak / 2**20:.0f} MB"


def test_the_cli_sync_takes_its_channel_limits_from_the_environment(tmp_path: Path) -> None:
    market = EbayMarketplace(seed=4)
    market.faults.inject("huge", size=4 * 1024 * 1024, times=None)
    with BackgroundServer(create_app(market)) as server:
        database_url = registered(market, server.url, tmp_path)
        code, output, _ = sync_with_peak_rss(
            database_url, tmp_path, ORDERHUB_CHANNEL_MAX_RESPONSE_BYTES=str(1024 * 1024)
        )
    assert code == 1
    assert "eBay getOrders: the answer is larger than 1 MB" in output
