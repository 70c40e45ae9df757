"""A real ``orderhub serve`` on any database URL, for end-to-end tests that break its store."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from simulators.server import free_port

ORDERHUB = Path(sys.executable).parent / "orderhub"
KEY = "e2e-admin-key"


class ServeProcess:
    def __init__(self, database_url: str, workdir: Path, **env: str) -> None:
        environment = {
            k: v for k, v in os.environ.items() if not k.startswith("ORDERHUB_") or k == "ORDERHUB_SECRET_KEY"
        }
        environment.update(
            ORDERHUB_DATABASE_URL=database_url, ORDERHUB_API_KEY=KEY, PYTHONUNBUFFERED="1", COLUMNS="200"
        )
        environment.update(env)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = workdir / f"serve-{self.port}.log"
        with self.log.open("wb") as sink:
            self.process = subprocess.Popen(
                [str(ORDERHUB), "serve", "--port", str(self.port)],
                cwd=workdir,
                env=environment,
                stdout=sink,
                stderr=subprocess.STDOUT,
            )

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def client(self, timeout: float = 30) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers={"Authorization": f"Bearer {KEY}"}, timeout=timeout)

    def wait_until_live(self, limit: float = 60) -> None:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"orderhub serve ended early:\n{self.text()}")
            try:
                if httpx.get(f"{self.url}/health/live", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"orderhub serve did not come up:\n{self.text()}")

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
            raise AssertionError(f"orderhub serve did not stop on SIGTERM:\n{self.text()}") from None

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)
