"""``orderhub demo`` as a real process, for the end-to-end tests: start it, ask its API, stop it."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from entrypoints.demo.options import DEMO_API_KEY
from simulators.server import free_port

ORDERHUB = Path(sys.executable).parent / "orderhub"


class RunningDemo:
    def __init__(self, workdir: Path, *args: str) -> None:
        self.port = free_port()
        self.api = f"http://127.0.0.1:{self.port}/api/v1"
        self.log = workdir / "demo.log"
        command = [str(ORDERHUB), "demo", "--port", str(self.port), *args]
        with open(self.log, "wb") as sink:
            self.process = subprocess.Popen(command, cwd=workdir, stdout=sink, stderr=subprocess.STDOUT)

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def total(self, kind: str) -> int:
        """Orders from ``kind`` in orderhub's order list (0 while the API is not up yet)."""
        try:
            response = httpx.get(
                f"{self.api}/orders",
                params={"source": kind, "limit": 1},
                headers={"Authorization": f"Bearer {DEMO_API_KEY}"},
                timeout=5,
            )
        except httpx.TransportError:
            return 0
        assert response.status_code == 200, response.text
        return int(response.json()["total"])

    def wait_for(self, what: str, check: Callable[[], Any], timeout: float) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the demo exited early:\n{self.output()[-3000:]}"
            found = check()
            if found:
                return found
            time.sleep(0.5)
        pytest.fail(f"no {what} after {timeout} s; demo output:\n{self.output()[-3000:]}")

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
