"""Two real ``orderhub serve`` processes (one with two uvicorn workers) on one PostgreSQL database:
a key made through one is accepted by the other with its scopes, and once revoked through one it
is refused (401) by the very next request to the other."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from simulators.server import free_port
from tests.e2e.test_multiprocess_postgres import Process, healthy, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

ADMIN_KEY = "revocation-test-admin-key"


@pytest.fixture
def servers(new_postgres_database: Callable[[], str], tmp_path: Path) -> Iterator[list[httpx.Client]]:
    env = {**os.environ, "ORDERHUB_DATABASE_URL": new_postgres_database(), "ORDERHUB_API_KEY": ADMIN_KEY}
    ports = [free_port(), free_port()]
    processes = [
        Process(["serve", "--port", str(ports[0]), "--no-background"], env, tmp_path / "a.log"),
        Process(
            ["serve", "--port", str(ports[1]), "--workers", "2", "--no-background"], env, tmp_path / "b.log"
        ),
    ]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for url in urls:
            wait_until(lambda url=url: healthy(url), 60, f"{url} answering", [p.log for p in processes])
        clients = [httpx.Client(base_url=f"{u}/api/v1", timeout=30) for u in urls]
        yield clients
        for client in clients:
            client.close()
    finally:
        for process in processes:
            process.stop()


def test_a_key_revoked_through_one_server_is_refused_by_the_other_at_once(
    servers: list[httpx.Client],
) -> None:
    a, b = servers
    admin = {"Authorization": f"Bearer {ADMIN_KEY}"}
    made = a.post("/api-keys", headers=admin, json={"name": "warehouse", "scopes": ["orders:read"]})
    assert made.status_code == 201, made.text
    key = {"Authorization": f"Bearer {made.json()['key']}"}
    for _ in range(6):  # both of b's workers, most likely, and more than once each
        assert b.get("/orders", headers=key).status_code == 200
    refused = b.post("/orders", headers=key, json={})
    assert refused.status_code == 403 and "'orders:write'" in refused.json()["detail"]
    assert a.delete(f"/api-keys/{made.json()['id']}", headers=admin).status_code == 204
    for _ in range(6):
        assert b.get("/orders", headers=key).status_code == 401
