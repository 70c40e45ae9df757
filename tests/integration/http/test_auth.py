"""Every /api/v1 route needs a valid bearer key; /health needs none."""

from __future__ import annotations

from uuid import UUID

import pytest

from application.api_keys import key_hash
from tests.integration.http.conftest import stored
from tests.support.harness import Harness
from tests.support.order_data import immediate_order

SOME_ID = str(UUID(int=0x5EED))  # fixed: test ids must be the same in every xdist worker
ROUTES = [
    ("GET", "/api/v1/orders"),
    ("POST", "/api/v1/orders"),
    ("GET", f"/api/v1/orders/{SOME_ID}"),
    ("GET", f"/api/v1/orders/{SOME_ID}/events"),
    ("POST", f"/api/v1/orders/{SOME_ID}/status"),
    ("GET", "/api/v1/customers"),
    ("POST", "/api/v1/customers"),
    ("GET", f"/api/v1/customers/{SOME_ID}"),
    ("POST", f"/api/v1/customers/{SOME_ID}/orders"),
]


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_a_request_without_a_key_is_refused_with_401(memory_harness: Harness, method: str, path: str) -> None:
    response = memory_harness.client.request(
        method, path, headers={"Authorization": ""}, json=immediate_order()
    )
    assert response.status_code == 401
    assert "API key" in response.json()["detail"]
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_a_request_with_a_wrong_key_is_refused_with_401(
    memory_harness: Harness, method: str, path: str
) -> None:
    response = memory_harness.client.request(
        method, path, headers={"Authorization": "Bearer not-the-key"}, json=immediate_order()
    )
    assert response.status_code == 401
    assert response.json()["detail"] == "invalid API key"


@pytest.mark.parametrize("header", ["Basic dGVzdDp0ZXN0", "Bearer", "Bearer    ", "test-admin-key"])
def test_an_authorization_header_that_is_not_a_bearer_key_is_refused(
    memory_harness: Harness, header: str
) -> None:
    assert memory_harness.client.get("/api/v1/orders", headers={"Authorization": header}).status_code == 401


def test_a_refused_request_stores_nothing(harness: Harness) -> None:
    before = stored(harness)
    harness.client.post("/api/v1/orders", headers={"Authorization": "Bearer wrong"}, json=immediate_order())
    assert stored(harness) == before


def test_health_needs_no_key(memory_harness: Harness) -> None:
    response = memory_harness.client.get("/health", headers={"Authorization": ""})
    assert response.status_code == 200 and response.json()["status"] == "ok"


def test_a_stored_key_is_accepted_by_its_hash(harness: Harness) -> None:
    harness.services.api_keys.add_hash(key_hash("oh_stored-key"), "test")
    response = harness.client.get("/api/v1/orders", headers={"Authorization": "Bearer oh_stored-key"})
    assert response.status_code == 200


def test_the_openapi_schema_declares_bearer_auth(memory_harness: Harness) -> None:
    schema = memory_harness.client.get("/openapi.json").json()
    assert schema["components"]["securitySchemes"]["HTTPBearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schema["components"]["securitySchemes"]["HTTPBearer"]["description"],
    }
    # the requirement names the scope the operation needs
    assert schema["paths"]["/api/v1/orders"]["post"]["security"] == [{"HTTPBearer": ["orders:write"]}]
