"""A key revoked in one process is refused by every other process on the same store at once: two
composition roots (as two servers would build) on one SQLite file or PostgreSQL database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.harness import Harness


@pytest.fixture
def two_servers(shared_database_url: str) -> Iterator[tuple[Harness, Harness]]:
    with Harness.start(shared_database_url) as one, Harness.start(shared_database_url) as other:
        yield one, other


def test_a_key_revoked_by_one_server_gets_401_at_once_from_the_other(
    two_servers: tuple[Harness, Harness],
) -> None:
    one, other = two_servers
    made = one.client.post("/api/v1/api-keys", json={"name": "till", "scopes": ["orders:write"]}).json()
    key = {"Authorization": f"Bearer {made['key']}"}
    for _ in range(3):  # used a few times there first: whatever it keeps must not outlive the key
        assert other.client.get("/api/v1/orders", headers=key).status_code == 200
    assert one.client.delete(f"/api/v1/api-keys/{made['id']}").status_code == 204
    assert other.client.get("/api/v1/orders", headers=key).status_code == 401
    assert other.client.delete(f"/api/v1/api-keys/{made['id']}").status_code == 404


def test_a_key_made_by_one_server_works_at_once_on_the_other_with_its_scopes(
    two_servers: tuple[Harness, Harness],
) -> None:
    one, other = two_servers
    made = one.client.post("/api/v1/api-keys", json={"name": "books", "scopes": ["reports:read"]}).json()
    key = {"Authorization": f"Bearer {made['key']}"}
    assert other.client.get("/api/v1/reports/sales", headers=key).status_code == 200
    assert other.client.get("/api/v1/orders", headers=key).status_code == 403
    assert [k["name"] for k in other.client.get("/api/v1/api-keys").json()["items"]] == ["books"]
