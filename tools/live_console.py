"""A live orderhub for a browser: the HTTP app with the console, in a thread, on its own SQLite file.

The browser tests (tests/browser) and the screenshots (tools/screenshots.py) drive it with Chromium.
Its staff accounts ``admin``, ``staff`` and ``viewer`` (password ``PASSWORD``) are made through the
users service, as ``orderhub users add`` makes them.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx
import uvicorn

from adapters.argon2_passwords import Argon2Parameters, Argon2PasswordHasher
from domain.staff_account import Role
from entrypoints.bootstrap import Services, bootstrap
from entrypoints.http.app import create_app
from simulators.server import free_port

API_KEY = "browser-tests-admin-key"
PASSWORD = "Browser-test-pw-1"
USERS = {"admin": Role.ADMIN, "staff": Role.STAFF, "viewer": Role.VIEWER}
CHEAP_HASHES = Argon2PasswordHasher(Argon2Parameters(time_cost=1, memory_cost_kib=64, parallelism=1))
"""Sign-ins are many here; the real parameters would only make every test slower."""


class LiveServer:
    """``orderhub serve``'s app on a free loopback port, on its own SQLite file, in a thread."""

    def __init__(self, folder: Path) -> None:
        self.database_url = f"sqlite:///{folder / 'orderhub.db'}"
        self.services: Services = bootstrap(self.database_url, password_hasher=CHEAP_HASHES)
        for name, role in USERS.items():
            self.services.users.add(name, role, PASSWORD)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.app = create_app(self.services, API_KEY)
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name=f"orderhub-{self.port}", daemon=True)

    def start(self) -> LiveServer:
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"orderhub did not start on port {self.port}")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=15)
        self.services.close()

    def api(self) -> httpx.Client:
        """The HTTP API with the admin key: for making the data a test starts from."""
        return httpx.Client(
            base_url=f"{self.url}/api/v1", headers={"Authorization": f"Bearer {API_KEY}"}, timeout=30
        )
