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


def sync_with_peak_rss(database_url: str, tmp_path: Path) -> tuple[int, str, int]:
    env = {**os.environ, "ORDERHUB_DATABASE_URL": database_url, "ORDERHUB_LOG_LEVEL": "WARNING"}
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


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ru_maxrss in kB is Linux's")
@pytest.mark.parametrize(("fault", "size"), [("huge", 3 * GB // 2), ("gzip-bomb", 800 * 1024 * 1024)])
def test_a_sync_stays_under_600_mb_while_the_channel_answers_gigabytes(
    tmp_path: Path, fault: str, size: int
) -> None:
    market = EbayMarketplace(seed=4)
    market.faults.inject(fault, size=size, times=None)
    database_url = f"sqlite:///{tmp_path / 'orderhub.db'}"
    with BackgroundServer(create_app(market)) as server:
        services = bootstrap(database_url, kinds=discover_kinds(include_plugins=False))
        services.channels.register("ebay-de", "ebay", market.channel_settings(server.url), None)
        services.close()
        code, output, peak = sync_with_peak_rss(database_url, tmp_path)
    assert code == 1, output
    assert "eBay getOrders: the answer is larger than 50 MB" in output
    assert peak < PEAK_RSS_LIMIT, f"peak RSS {peak / 2**20:.0f} MB"
