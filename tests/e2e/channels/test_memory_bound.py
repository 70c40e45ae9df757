"""A real ``orderhub sync`` process stays small while eBay answers 1.5 GB, or a gzip bomb.

The simulator streams the body (nothing that large exists anywhere); the sync's peak RSS is its
own VmHWM, read while it runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
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


def _high_water_mark(pid: int) -> int | None:
    """The process's peak RSS so far (VmHWM, bytes), or None once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return None


def sync_with_peak_rss(database_url: str, tmp_path: Path, **settings: str) -> tuple[int, str, int]:
    """Run ``orderhub sync`` and watch its own peak RSS. Not ``wait4``'s ``ru_maxrss``: Linux folds
    the forking process's memory into it (a pytest worker that has grown to 600 MB made every child
    look that big); VmHWM belongs to the program the child became."""
    env = {**os.environ, "ORDERHUB_DATABASE_URL": database_url, "ORDERHUB_LOG_LEVEL": "WARNING", **settings}
    out = tmp_path / "sync.out"
    peak = 0
    with out.open("wb") as sink:
        process = subprocess.Popen(
            [str(ORDERHUB), "sync", "ebay-de"], env=env, stdout=sink, stderr=subprocess.STDOUT
        )
        try:
            while process.poll() is None:
                peak = max(peak, _high_water_mark(process.pid) or 0)
                time.sleep(0.01)
        except BaseException:
            process.kill()
            raise
    assert peak > 0, "the sync ended before its memory could be read"
    return process.returncode, out.read_text(errors="replace"), peak


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
