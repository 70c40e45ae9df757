"""POST/GET/DELETE /api/v1/api-keys: a key is shown once, listed without its value, refused once
revoked; bad input is a 422 that names the problem; only admin keys manage keys."""

from __future__ import annotations

from datetime import datetime

import pytest

from application.api_keys import key_hash
from tests.support.harness import Harness


def create(h: Harness, name: str = "warehouse", scopes: list[str] | None = None) -> dict[str, object]:
    response = h.client.post("/api/v1/api-keys", json={"name": name, "scopes": scopes or ["orders:read"]})
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def as_key(key: object) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_a_key_is_made_shown_once_and_listed_without_its_value(harness: Harness) -> None:
    made = create(harness, scopes=["reports:read", "orders:read"])
    assert set(made) == {"id", "name", "scopes", "key", "created_at"}
    assert made["name"] == "warehouse" and made["scopes"] == ["orders:read", "reports:read"]
    assert str(made["key"]).startswith("oh_")
    assert datetime.fromisoformat(str(made["created_at"])) == harness.clock.now()
    listed = harness.client.get("/api/v1/api-keys")
    assert listed.status_code == 200
    assert listed.json() == {
        "items": [
            {
                "id": made["id"],
                "name": "warehouse",
                "scopes": ["orders:read", "reports:read"],
                "created_at": made["created_at"],
                "last_used_at": None,
            }
        ]
    }
    assert str(made["key"]) not in listed.text
    assert harness.services.api_keys.contains_hash(key_hash(str(made["key"])))


def test_the_new_key_works_with_its_scopes_and_its_use_is_noted(harness: Harness) -> None:
    made = create(harness)
    assert harness.client.get("/api/v1/orders", headers=as_key(made["key"])).status_code == 200
    [listed] = harness.client.get("/api/v1/api-keys").json()["items"]
    assert datetime.fromisoformat(listed["last_used_at"]) == harness.clock.now()
    assert harness.client.get("/api/v1/reports/sales", headers=as_key(made["key"])).status_code == 403


def test_a_revoked_key_is_refused_from_the_next_request_on(harness: Harness) -> None:
    made = create(harness)
    assert harness.client.get("/api/v1/orders", headers=as_key(made["key"])).status_code == 200
    revoked = harness.client.delete(f"/api/v1/api-keys/{made['id']}")
    assert revoked.status_code == 204 and revoked.content == b""
    refused = harness.client.get("/api/v1/orders", headers=as_key(made["key"]))
    assert refused.status_code == 401
    # the same answer as a key that never existed: nothing tells a revoked key from a wrong one
    assert refused.json() == harness.client.get("/api/v1/orders", headers=as_key("oh_never")).json()
    assert harness.client.get("/api/v1/api-keys").json() == {"items": []}


def test_revoking_an_unknown_key_is_404(memory_harness: Harness) -> None:
    response = memory_harness.client.delete("/api/v1/api-keys/no-such-key")
    assert response.status_code == 404
    assert response.json()["detail"] == "API key no-such-key not found"


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        (
            {"name": "x", "scopes": ["orders:read", "orders:delete", "root"]},
            "scopes",
            "unknown scopes 'orders:delete', 'root'",
        ),
        ({"name": "x", "scopes": []}, "scopes", "at least one scope is needed"),
        ({"name": "x"}, "scopes", "Field required"),
        ({"name": "", "scopes": ["admin"]}, "name", "at least 1 character"),
        ({"name": "   ", "scopes": ["admin"]}, "name", "at least 1 character"),
        ({"name": "n" * 101, "scopes": ["admin"]}, "name", "at most 100 characters"),
        ({"name": "x", "scopes": "admin"}, "scopes", "valid list"),
    ],
)
def test_bad_input_is_422_naming_the_problem_and_makes_no_key(
    memory_harness: Harness, body: dict[str, object], field: str, message: str
) -> None:
    response = memory_harness.client.post("/api/v1/api-keys", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == field
    assert message in response.json()["detail"]
    assert not memory_harness.services.api_keys.has_any()


@pytest.mark.parametrize("scope", ["orders:write", "customers:write", "channels:write", "reports:read"])
def test_only_an_admin_key_manages_keys(memory_harness: Harness, scope: str) -> None:
    h = memory_harness
    key = as_key(create(h, scopes=[scope])["key"])
    for method, path in [
        ("POST", "/api/v1/api-keys"),
        ("GET", "/api/v1/api-keys"),
        ("DELETE", "/api/v1/api-keys/x"),
    ]:
        response = h.client.request(method, path, headers=key, json={"name": "mine", "scopes": ["admin"]})
        assert response.status_code == 403
        assert "lacks the scope 'admin'" in response.json()["detail"]
    assert len(h.client.get("/api/v1/api-keys").json()["items"]) == 1


def test_a_stored_admin_key_makes_and_revokes_keys(memory_harness: Harness) -> None:
    h = memory_harness
    admin = as_key(create(h, "ops", ["admin"])["key"])
    made = h.client.post(
        "/api/v1/api-keys", headers=admin, json={"name": "shop", "scopes": ["channels:write"]}
    )
    assert made.status_code == 201
    assert h.client.delete(f"/api/v1/api-keys/{made.json()['id']}", headers=admin).status_code == 204


def test_a_stored_key_sent_without_bearer_is_refused_and_not_echoed(memory_harness: Harness) -> None:
    key = str(create(memory_harness)["key"])
    response = memory_harness.client.get("/api/v1/orders", headers={"Authorization": key})
    assert response.status_code == 401
    assert "no 'Bearer ' before the key" in response.json()["detail"] and key not in response.text
