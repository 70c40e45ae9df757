"""``orderhub demo`` with the django-oscar shop of the orderhub-oscar plug-in (when its venv is built)."""

from __future__ import annotations

import re
import signal
from pathlib import Path

import httpx
import pytest

from entrypoints.demo.oscar_shop import OscarUnavailableError, load_runner
from tests.support.demo_process import RunningDemo

pytestmark = pytest.mark.slow


def test_the_oscar_shop_joins_the_demo_and_stops_with_it(tmp_path: Path) -> None:
    try:
        load_runner(build=False)
    except OscarUnavailableError as exc:
        pytest.skip(f"no Oscar shop here: {exc}")
    demo = RunningDemo(tmp_path, "--duration", "180", "--interval", "10")
    try:
        demo.wait_for("Oscar orders", lambda: demo.total("oscar") > 0, timeout=75)
        shop = re.search(r"oscar-demo\s+django-oscar\s+(http://\S+)", demo.output())
        assert shop is not None, demo.output()
        demo.process.send_signal(signal.SIGTERM)
        assert demo.process.wait(timeout=20) == 0
        with pytest.raises(httpx.TransportError):
            httpx.get(shop.group(1) + "/api/", timeout=2)
    finally:
        demo.kill()
