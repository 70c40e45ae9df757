"""``orderhub demo`` as a newcomer runs it: a real process, orders from every source, a clean stop.

One demo process serves the tests of this module (they run in file order: the last one stops it).
"""

from __future__ import annotations

import re
import signal
import time
from collections.abc import Iterator
from functools import partial

import httpx
import pytest

from tests.support.demo_process import RunningDemo

pytestmark = pytest.mark.slow

KINDS = ("ebay", "amazon", "jtl-shop", "jtl-connector")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningDemo]:
    running = RunningDemo(
        tmp_path_factory.mktemp("demo"), "--duration", "180", "--interval", "10", "--no-oscar"
    )
    try:
        yield running
    finally:
        running.kill()


def test_orders_from_every_source_are_listed_within_seconds(demo: RunningDemo) -> None:
    for kind in KINDS:
        demo.wait_for(f"{kind} orders", partial(demo.total, kind), timeout=30)


def test_new_orders_keep_arriving(demo: RunningDemo) -> None:
    first = demo.wait_for("eBay orders", lambda: demo.total("ebay"), timeout=30)
    demo.wait_for("newly arrived eBay orders", lambda: demo.total("ebay") > first, timeout=45)


def test_the_printed_console_link_signs_the_visitor_in_once(demo: RunningDemo) -> None:
    demo.wait_for("running API", lambda: demo.total("ebay"), timeout=30)
    found = re.search(r"console\s+(http://\S+/console/login/demo\?token=\S+)", demo.output())
    assert found, demo.output()[-3000:]
    with httpx.Client(timeout=10) as browser:
        signed_in = browser.get(found[1], follow_redirects=True)
        assert signed_in.status_code == 200 and signed_in.url.path == "/console"
        assert "Sign out" in signed_in.text and "demo" in signed_in.text
    assert httpx.get(found[1], timeout=10).status_code == 403  # spent


def test_sigterm_stops_the_demo_cleanly(demo: RunningDemo) -> None:
    demo.wait_for("running API", lambda: demo.total("ebay"), timeout=30)
    began = time.monotonic()
    demo.process.send_signal(signal.SIGTERM)
    assert demo.process.wait(timeout=15) == 0
    assert time.monotonic() - began < 10
    assert "orderhub demo stopped." in demo.output()
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{demo.api}/orders", timeout=2)
