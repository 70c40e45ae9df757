"""orderhub assembled for tests, driven through its HTTP API.

    from tests.support.harness import Harness

    with Harness.start() as h:                        # memory://; Harness.start(database_url=...) too
        h.clock                                       # FakeClock shared by everything (set/advance)
        h.sleep.waits                                 # what channel adapters waited (never really sleeps)
        h.client.post("/api/v1/orders", json=...)     # TestClient, Authorization header already set
        h.register_channel("ebay-de", "ebay", {...})  # POST /api/v1/channels, asserts 201
        h.sync("ebay-de")                             # POST /api/v1/channels/ebay-de/sync -> summary dict
        h.orders(channel="ebay-de")                   # GET /api/v1/orders?... -> items (all pages)
        h.events(order_id)                            # GET /api/v1/orders/{id}/events -> list
        h.services                                    # the composition root's Services, for assertions

Simulators should take ``clock=h.clock`` so orderhub and the fake channel share one time.
The fixture ``harness`` (tests/conftest.py) yields one per test.
"""

from __future__ import annotations

from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from fastapi.testclient import TestClient

from adapters.channels.registry import KindRegistry
from entrypoints.bootstrap import Services, bootstrap
from entrypoints.http.app import create_app
from ports.password_hashing import PasswordHasher
from testkit.channel_plugins import FakeClock, RecordingSleep

API_KEY = "test-admin-key"


class Harness:
    def __init__(self, services: Services, clock: FakeClock, sleep: RecordingSleep) -> None:
        self.services, self.clock, self.sleep = services, clock, sleep
        self.app = create_app(services, admin_key=API_KEY)
        self.client = TestClient(self.app, raise_server_exceptions=False)
        self.client.headers["Authorization"] = f"Bearer {API_KEY}"

    @classmethod
    def start(
        cls,
        database_url: str = "memory://",
        now: datetime | None = None,
        kinds: KindRegistry | None = None,
        password_hasher: PasswordHasher | None = None,
    ) -> Harness:
        """``kinds``: the channel kinds to offer (default: the installed ones); ``password_hasher``:
        e.g. a cheap Argon2 for tests that sign in often."""
        clock = FakeClock(now or datetime(2026, 11, 2, 9, 0, tzinfo=UTC))
        sleep = RecordingSleep(clock)
        services = bootstrap(
            database_url, clock=clock, sleep=sleep, kinds=kinds, password_hasher=password_hasher
        )
        return cls(services, clock, sleep)

    def close(self) -> None:
        self.client.close()
        self.services.close()

    def __enter__(self) -> Harness:
        return self

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # ---- shortcuts ------------------------------------------------------------------------

    def register_channel(
        self, name: str, kind: str, settings: dict[str, Any], sync_interval_seconds: int | None = None
    ) -> dict[str, Any]:
        response = self.client.post(
            "/api/v1/channels",
            json={
                "name": name,
                "kind": kind,
                "settings": settings,
                "sync_interval_seconds": sync_interval_seconds,
            },
        )
        assert response.status_code == 201, response.text
        return response.json()  # type: ignore[no-any-return]

    def sync(self, name: str) -> dict[str, Any]:
        response = self.client.post(f"/api/v1/channels/{name}/sync")
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    def orders(self, **filters: Any) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        while True:
            page = self.client.get("/api/v1/orders", params={**filters, "limit": 500, "offset": len(items)})
            assert page.status_code == 200, page.text
            body = page.json()
            items += body["items"]
            if len(items) >= body["total"] or not body["items"]:
                return items

    def order(self, order_id: str) -> dict[str, Any]:
        response = self.client.get(f"/api/v1/orders/{order_id}")
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    def events(self, order_id: str) -> list[dict[str, Any]]:
        response = self.client.get(f"/api/v1/orders/{order_id}/events")
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    def quarantine(self, name: str) -> list[dict[str, Any]]:
        response = self.client.get(f"/api/v1/channels/{name}/quarantine")
        assert response.status_code == 200, response.text
        return response.json()["items"]  # type: ignore[no-any-return]

    def set_status(self, order_id: str, status: str, **extra: Any) -> dict[str, Any]:
        response = self.client.post(f"/api/v1/orders/{order_id}/status", json={"status": status, **extra})
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]
