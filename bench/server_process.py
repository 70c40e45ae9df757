"""A server (``orderhub serve`` or the bare baseline) in a process of its own: start, wait, measure, stop."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path
from types import TracebackType

import httpx

from bench.context import Context
from simulators.server import free_port

API_KEY = "bench-admin-key"


class ServerProcess:
    def __init__(self, command: list[str], env: dict[str, str], port: int, log: Path) -> None:
        self.command, self.env, self.port, self.log = command, env, port, log
        self.url = f"http://127.0.0.1:{port}"

    @classmethod
    def orderhub(cls, ctx: Context, database_url: str, log: Path, background: bool = True) -> ServerProcess:
        port = free_port()
        env = ctx.env(
            ORDERHUB_DATABASE_URL=database_url,
            ORDERHUB_API_KEY=API_KEY,
            ORDERHUB_LOG_LEVEL="WARNING",
            ORDERHUB_SCHEDULER="true" if background else "false",
        )
        script = Path(ctx.python).with_name("orderhub")  # the installed console script, if there is one
        start = (
            [str(script)]
            if script.exists()
            else [ctx.python, "-c", "from entrypoints.cli import main; main()"]
        )
        command = [*start, "serve", "--port", str(port)]
        return cls(command, env, port, log)

    @classmethod
    def bare(cls, ctx: Context, log: Path) -> ServerProcess:
        """The bare baseline (bench/bare_app.py); its POSTs go to a SQLite file beside the log."""
        port, database = free_port(), log.with_suffix(".db")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        return cls([ctx.python, "-m", "bench.bare_app", str(port), str(database)], ctx.env(), port, log)

    def __enter__(self) -> ServerProcess:
        self._out = self.log.open("w")
        self.process = subprocess.Popen(
            self.command, env=self.env, stdout=self._out, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.command} exited with {self.process.returncode}; see {self.log}")
            try:
                if httpx.get(self.url + "/health", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.__exit__(None, None, None)
        raise RuntimeError(f"{self.command} did not answer /health within 120 s; see {self.log}")

    def status_field(self, field: str) -> int:
        """A kB figure from /proc/<pid>/status, e.g. VmHWM (peak resident memory) or VmRSS."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
        raise KeyError(field)

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._out.close()
