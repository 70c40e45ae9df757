"""The eBay simulator in a process of its own: a BackgroundServer, driven through stdin/stdout.

eBay does not share orderhub's CPU or its interpreter lock, so neither does its simulator here:
the sync figures measure orderhub, not the simulator. ``python -m bench.ebay_simulator_process
SIZE SEED`` prints the channel settings as one JSON line, then obeys ``touch`` (report every order
as modified, without a visible change; answers ``done``) and ``stop``, one per line.
"""

from __future__ import annotations

import json
import subprocess
import sys
from types import TracebackType
from typing import Any

from bench.context import Context


def serve(size: int, seed: int) -> None:
    from simulators.ebay.app import create_app
    from simulators.ebay.state import EbayMarketplace
    from simulators.server import BackgroundServer

    market = EbayMarketplace(seed=seed)
    ids = market.generate(size)
    with BackgroundServer(create_app(market)) as server:
        print(json.dumps(market.channel_settings(server.url)), flush=True)
        for line in sys.stdin:
            if line.strip() == "stop":
                break
            if line.strip() == "touch":
                for order_id in ids:
                    market.touch(order_id)
            print("done", flush=True)


class SimulatedEbay:
    """``with SimulatedEbay(ctx, 10_000) as ebay: ebay.settings; ebay.touch_all()``."""

    def __init__(self, ctx: Context, size: int, seed: int = 5) -> None:
        self._command = [ctx.python, "-m", "bench.ebay_simulator_process", str(size), str(seed)]
        self._env = ctx.env()
        self.settings: dict[str, Any] = {}

    def __enter__(self) -> SimulatedEbay:
        self._process = subprocess.Popen(
            self._command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=self._env
        )
        first = self._read()
        self.settings = json.loads(first)
        return self

    def _read(self) -> str:
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError(f"the eBay simulator process ended (exit code {self._process.poll()})")
        return line

    def _send(self, command: str) -> None:
        assert self._process.stdin is not None
        self._process.stdin.write(command + "\n")
        self._process.stdin.flush()

    def touch_all(self) -> None:
        self._send("touch")
        self._read()

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            self._send("stop")
            self._process.wait(timeout=15)
        except (OSError, subprocess.TimeoutExpired):
            self._process.kill()
            self._process.wait()


if __name__ == "__main__":
    serve(int(sys.argv[1]), int(sys.argv[2]))
