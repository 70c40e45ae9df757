"""The real ``orderhub serve`` process: data survives a restart, and the first-start API key.

Each test starts ``.venv/bin/orderhub serve`` on a free port with a SQLite file in a temporary
directory, talks to it over real HTTP, and stops it with SIGTERM or SIGINT (it must exit cleanly).
"""

from __future__ import annotations

import hashlib
import os
import pty
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
import pytest

from simulators.server import free_port
from tests.support.order_data import immediate_order

ORDERHUB = Path(sys.executable).parent / "orderhub"
KEY_LINE = re.compile(r"Authorization: Bearer (\S+)")

pytestmark = pytest.mark.skipif(not ORDERHUB.exists(), reason=f"{ORDERHUB} is not installed")


ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class Server:
    def __init__(self, process: subprocess.Popen[bytes], url: str, output: Path) -> None:
        self.process, self.url, self.output = process, url, output

    def text(self) -> str:
        return ANSI.sub("", self.output.read_text(errors="replace"))  # colours, on a terminal

    def client(self, key: str) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers={"Authorization": f"Bearer {key}"}, timeout=30)


@contextmanager
def on_a_terminal(output: Path) -> Iterator[int]:
    """A pseudo-terminal for the process's output (the fd to give it), copied into ``output``."""
    leader, follower = pty.openpty()

    def copy() -> None:
        with output.open("ab") as sink:
            while True:
                try:
                    chunk = os.read(leader, 4096)
                except OSError:  # EIO: every process holding the terminal has ended
                    return
                if not chunk:
                    return
                sink.write(chunk)
                sink.flush()

    copier = threading.Thread(target=copy, daemon=True)
    copier.start()
    try:
        yield follower
    finally:
        os.close(follower)
        copier.join(timeout=10)
        os.close(leader)


@contextmanager
def serve(
    workdir: Path,
    api_key: str | None,
    stop: signal.Signals = signal.SIGTERM,
    *,
    terminal: bool = False,
    args: tuple[str, ...] = (),
    env_changes: dict[str, str] | None = None,
) -> Iterator[Server]:
    """``orderhub serve`` on ``workdir/orderhub.db``; stopped with ``stop``, which must end it with 0.
    ``terminal``: its output goes to a terminal (a pty) instead of a file, as when run by hand."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ORDERHUB_") or k == "ORDERHUB_SECRET_KEY"}
    env.update(
        ORDERHUB_DATABASE_URL=f"sqlite:///{workdir / 'orderhub.db'}", PYTHONUNBUFFERED="1", COLUMNS="200"
    )
    env.update(env_changes or {})
    if api_key is not None:
        env["ORDERHUB_API_KEY"] = api_key
    port = free_port()
    output = workdir / f"serve-{port}.log"
    command = [str(ORDERHUB), "serve", "--port", str(port), *args]
    with ExitStack() as stack:
        if terminal:
            fd = stack.enter_context(on_a_terminal(output))
            process = subprocess.Popen(command, cwd=workdir, env=env, stdout=fd, stderr=fd)
        else:
            with output.open("wb") as sink:
                process = subprocess.Popen(command, cwd=workdir, env=env, stdout=sink, stderr=sink)
        server = Server(process, f"http://127.0.0.1:{port}", output)
        try:
            wait_until_healthy(server)
            yield server
        finally:
            if process.poll() is None:
                process.send_signal(stop)
            try:
                code = process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                raise AssertionError(
                    f"orderhub serve did not stop on {stop.name}:\n{server.text()}"
                ) from None
    assert code == 0, f"orderhub serve exited with {code} on {stop.name}:\n{server.text()}"


def wait_until_healthy(server: Server) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise AssertionError(f"orderhub serve ended early:\n{server.text()}")
        try:
            if httpx.get(f"{server.url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"orderhub serve did not answer /health:\n{server.text()}")


@pytest.mark.slow
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_orders_and_customers_survive_a_restart(tmp_path: Path, stop: signal.Signals) -> None:
    key = "e2e-admin-key"
    with serve(tmp_path, key, stop) as server, server.client(key) as api:
        placed = [api.post("/api/v1/orders", json=immediate_order()).json() for _ in range(3)]
        changed = api.post(f"/api/v1/orders/{placed[0]['id']}/status", json={"status": "paid"}).json()
    assert changed["status"] == "paid" and len({o["customer_id"] for o in placed}) == 1
    with serve(tmp_path, key, stop) as server, server.client(key) as api:
        assert api.get(f"/api/v1/orders/{placed[0]['id']}").json() == changed
        assert [e["type"] for e in api.get(f"/api/v1/orders/{placed[0]['id']}/events").json()] == [
            "Created",
            "StatusChanged",
        ]
        assert api.get("/api/v1/orders").json()["total"] == 3
        assert api.get(f"/api/v1/customers/{placed[0]['customer_id']}").json()["email"] == "anna@example.com"
        later = api.post("/api/v1/orders", json=immediate_order()).json()
    assert later["customer_id"] == placed[0]["customer_id"]
    assert later["number"] not in {o["number"] for o in placed}


@pytest.mark.slow
def test_a_key_is_generated_printed_once_on_a_terminal_and_stored_only_as_a_hash(tmp_path: Path) -> None:
    with serve(tmp_path, api_key=None, terminal=True) as server:
        printed = KEY_LINE.findall(server.text())
        assert len(printed) == 1, server.text()
        key = printed[0]
        with server.client(key) as api:
            assert api.get("/api/v1/orders").status_code == 200
        with server.client("not-" + key) as api:
            assert api.get("/api/v1/orders").status_code == 401
    with sqlite3.connect(tmp_path / "orderhub.db") as db:
        rows = db.execute("SELECT key_hash, label FROM orderhub_api_keys").fetchall()
    assert [r[0] for r in rows] == [hashlib.sha256(key.encode()).hexdigest()]
    for stored in tmp_path.glob("orderhub.db*"):
        assert key.encode() not in stored.read_bytes(), f"the clear key is in {stored.name}"

    with serve(tmp_path, api_key=None, terminal=True) as server:
        assert KEY_LINE.findall(server.text()) == [] and key not in server.text()
        with server.client(key) as api:
            assert api.get("/api/v1/orders").status_code == 200
    assert not (tmp_path / "first-api-key.txt").exists()  # shown on the terminal: no file


@pytest.mark.slow
def test_no_key_is_generated_when_one_is_configured(tmp_path: Path) -> None:
    with serve(tmp_path, api_key="configured-key") as server:
        assert KEY_LINE.findall(server.text()) == []
        with server.client("configured-key") as api:
            assert api.get("/api/v1/customers").status_code == 200
    with sqlite3.connect(tmp_path / "orderhub.db") as db:
        assert db.execute("SELECT COUNT(*) FROM orderhub_api_keys").fetchone() == (0,)


@pytest.mark.slow
def test_without_a_terminal_the_key_goes_to_a_private_file_and_never_into_the_output(tmp_path: Path) -> None:
    key_file = tmp_path / "first-api-key.txt"
    with serve(tmp_path, api_key=None) as server:  # output to a file, as under systemd or docker
        assert key_file.exists(), server.text()
        assert key_file.stat().st_mode & 0o777 == 0o600
        key = key_file.read_text().strip()
        assert key.startswith("oh_")
        output = server.text()
        assert key not in output and KEY_LINE.findall(output) == []
        assert f"written to {key_file}" in output  # it says where, once
        with server.client(key) as api:
            assert api.get("/api/v1/orders").status_code == 200
        with server.client("not-" + key) as api:
            assert api.get("/api/v1/orders").status_code == 401
    with sqlite3.connect(tmp_path / "orderhub.db") as db:
        rows = db.execute("SELECT key_hash FROM orderhub_api_keys").fetchall()
    assert rows == [(hashlib.sha256(key.encode()).hexdigest(),)]

    key_file.unlink()  # as the README asks, once the key is kept elsewhere
    with serve(tmp_path, api_key=None) as server:
        assert not key_file.exists()  # written once: a key exists, so no new one is made
        assert "written to" not in server.text() and key not in server.text()
        with server.client(key) as api:
            assert api.get("/api/v1/orders").status_code == 200


@pytest.mark.slow
def test_the_key_file_can_be_placed_by_a_setting_as_postgresql_would_need(tmp_path: Path) -> None:
    chosen = tmp_path / "secrets" / "orderhub-key"
    with serve(tmp_path, api_key=None, env_changes={"ORDERHUB_FIRST_KEY_FILE": str(chosen)}) as server:
        assert chosen.stat().st_mode & 0o777 == 0o600
        assert not (tmp_path / "first-api-key.txt").exists()
        with server.client(chosen.read_text().strip()) as api:
            assert api.get("/api/v1/orders").status_code == 200


@pytest.mark.slow
def test_serve_takes_database_url_before_the_environment(tmp_path: Path) -> None:
    chosen = tmp_path / "chosen" / "orders.db"
    option = ("--database-url", f"sqlite:///{chosen}")
    with serve(tmp_path, "e2e-admin-key", args=option) as server, server.client("e2e-admin-key") as api:
        assert api.post("/api/v1/orders", json=immediate_order()).status_code == 201
    assert chosen.exists() and not (tmp_path / "orderhub.db").exists()
    with serve(tmp_path, "e2e-admin-key", args=option) as server, server.client("e2e-admin-key") as api:
        assert api.get("/api/v1/orders").json()["total"] == 1  # the same database again
