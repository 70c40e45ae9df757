"""A live orderhub for a browser: the HTTP app with the console, in a thread, on its own SQLite file.

The browser tests (tests/browser) and the screenshots (tools/screenshots.py) drive it with Chromium.
Its staff accounts ``admin``, ``staff`` and ``viewer`` (password ``PASSWORD``) are made through the
users service, as ``orderhub users add`` makes them.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from adapters.argon2_passwords import Argon2Parameters, Argon2PasswordHasher
from domain.staff_account import Role
from entrypoints.bootstrap import Services, bootstrap
from entrypoints.http.app import create_app
from simulators.server import free_port

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # tests run as root in CI containers, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Chromium's own traffic (updates, safe browsing, sync) would leave the machine on every start.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> Path:
    return Path(os.environ.get("ORDERHUB_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium")


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


SAMPLE_ADDRESS = {"street": "Hauptstraße 1", "postal_code": "10115", "city": "Berlin", "country_code": "DE"}


def sample_order(
    name: str, email: str, *lines: tuple[str, str, int, str], shipping: str = "4.90"
) -> dict[str, Any]:
    """A Sofortauftrag's body for ``POST /api/v1/orders`` with new customer data."""
    return {
        "currency": "EUR",
        "shipping_cost": shipping,
        "customer": {"name": name, "email": email, "billing_address": {"name": name, **SAMPLE_ADDRESS}},
        "lines": [
            {"sku": sku, "title": title, "quantity": quantity, "unit_price": price, "tax_rate": "19"}
            for sku, title, quantity, price in lines
        ],
    }


SAMPLE_ORDERS = [
    sample_order("Anna Schmidt", "anna@example.com", ("MUG-1", "Tasse", 3, "19.99")),
    sample_order(
        "Jörg Weiß", "joerg@example.com", ("TEA-2", "Grüner Tee", 2, "7.50"), ("MUG-1", "Tasse", 1, "19.99")
    ),
    sample_order(
        "Maria Łukasiewicz", "maria@example.com", ("POT-3", "Teekanne", 1, "49.00"), shipping="0.00"
    ),
    sample_order("Peter Müller", "peter@example.com", ("CUP-4", "Becher", 6, "4.20")),
]


def place_sample_orders(server: LiveServer) -> list[dict[str, Any]]:
    """Four immediate orders over the API: one paid and shipped with tracking, one cancelled."""
    with server.api() as api:
        placed = [api.post("/orders", json=body).raise_for_status().json() for body in SAMPLE_ORDERS]
        shipped, cancelled = placed[0]["id"], placed[3]["id"]
        api.post(f"/orders/{shipped}/status", json={"status": "paid"}).raise_for_status()
        tracking = {"carrier": "DHL", "number": "00340434161094042557"}
        api.post(
            f"/orders/{shipped}/status", json={"status": "shipped", "tracking": tracking}
        ).raise_for_status()
        api.post(f"/orders/{cancelled}/status", json={"status": "cancelled", "reason": "Customer called"})
    return placed
