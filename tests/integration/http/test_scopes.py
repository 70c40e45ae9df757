"""Every /api/v1 operation needs one declared scope: a key without it gets 403 naming the scope, a key
with it (or with the write scope of the same resource, or admin) gets past. The operations are taken
from the app itself, so a new one is tested here as soon as it exists (and one that declares no
scope stops the app from being built at all)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
from fastapi import APIRouter

from application.api_keys import NewApiKey
from domain.access import ALL_SCOPES, WRITE_IMPLIES_READ, Scope
from entrypoints.http import app as app_module
from entrypoints.http import routes_reports
from entrypoints.http.app import API_PREFIX, create_app
from entrypoints.http.auth import PUBLIC_OPERATIONS, Requires, operations, public_operations
from tests.support.harness import Harness
from tests.support.order_data import immediate_order

SOME_ID = str(UUID(int=0x5EED))
PATH_VALUES = {"{order_id}": SOME_ID, "{customer_id}": SOME_ID, "{name}": "shop", "{key_id}": "no-such-key"}


def _operations() -> list[Any]:
    app = create_app(None, admin_key=None)  # type: ignore[arg-type]  # only its routes are read
    return [
        pytest.param(method, path, Scope(scope), id=f"{method} {path}")
        for method, path, [scope] in operations(app, API_PREFIX)
    ]


OPERATIONS = _operations()


def url_of(path: str) -> str:
    for placeholder, value in PATH_VALUES.items():
        path = path.replace(placeholder, value)
    return path


def bearer(h: Harness, scopes: list[Scope]) -> dict[str, str]:
    _, key = h.services.access.create(NewApiKey(name="test", scopes=scopes))
    return {"Authorization": f"Bearer {key}"}


def everything_but(scope: Scope) -> list[Scope]:
    """Every scope that does not allow ``scope``."""
    return [s for s in ALL_SCOPES if s not in (scope, Scope.ADMIN) and WRITE_IMPLIES_READ.get(s) != scope]


def test_the_operations_are_all_there() -> None:
    found = {p.id for p in OPERATIONS}
    assert len(found) >= 22
    assert {"POST /api/v1/orders", "DELETE /api/v1/api-keys/{key_id}", "GET /api/v1/projections"} <= found


@pytest.mark.parametrize(("method", "path", "scope"), OPERATIONS)
def test_a_key_without_the_scope_gets_403_naming_it(
    memory_harness: Harness, method: str, path: str, scope: Scope
) -> None:
    h = memory_harness
    response = h.client.request(method, url_of(path), headers=bearer(h, everything_but(scope)), json={})
    assert response.status_code == 403, response.text
    assert f"lacks the scope '{scope}'" in response.json()["detail"]


@pytest.mark.parametrize(("method", "path", "scope"), OPERATIONS)
def test_a_key_with_the_scope_gets_past(
    memory_harness: Harness, method: str, path: str, scope: Scope
) -> None:
    h = memory_harness
    holders = [[scope], [Scope.ADMIN]] + [[w] for w, r in WRITE_IMPLIES_READ.items() if r == scope]
    for scopes in holders:
        response = h.client.request(method, url_of(path), headers=bearer(h, scopes), json={})
        assert response.status_code not in (401, 403), f"{scopes}: {response.text}"


@pytest.mark.parametrize(("method", "path", "scope"), OPERATIONS)
def test_the_document_names_the_scope_of_each_operation(
    memory_harness: Harness, method: str, path: str, scope: Scope
) -> None:
    op = memory_harness.client.get("/openapi.json").json()["paths"][path][method.lower()]
    assert op["security"] == [{"HTTPBearer": [scope.value]}]
    assert f"Needs the scope `{scope}`." in op["description"]
    assert "403" in op["responses"]


def test_an_operation_that_declares_no_scope_stops_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    router = APIRouter()
    router.include_router(routes_reports.router)

    @router.get("/open-to-every-key")
    def forgotten() -> dict[str, str]:
        return {}

    monkeypatch.setattr(app_module.routes_reports, "router", router)
    with pytest.raises(RuntimeError, match="GET /api/v1/open-to-every-key must declare one scope"):
        create_app(None, admin_key=None)  # type: ignore[arg-type]


def test_placing_an_order_with_new_customer_data_needs_orders_write_only(memory_harness: Harness) -> None:
    h = memory_harness
    writer = bearer(h, [Scope.ORDERS_WRITE])
    placed = h.client.post("/api/v1/orders", json=immediate_order(), headers=writer)
    assert placed.status_code == 201, placed.text
    assert h.client.get(f"/api/v1/orders/{placed.json()['id']}", headers=writer).status_code == 200
    customer = h.client.get(f"/api/v1/customers/{placed.json()['customer_id']}", headers=writer)
    assert customer.status_code == 403  # the customer was made, but reading customers is another scope
    assert "'customers:read'" in customer.json()["detail"]


def test_a_read_scope_does_not_write(memory_harness: Harness) -> None:
    h = memory_harness
    response = h.client.post("/api/v1/orders", json=immediate_order(), headers=bearer(h, [Scope.ORDERS_READ]))
    assert response.status_code == 403
    assert response.json()["detail"].startswith("this API key lacks the scope 'orders:write'")
    assert h.client.get("/api/v1/orders").json()["total"] == 0  # nothing was placed


def test_the_operations_without_a_key_are_exactly_the_ebay_account_deletion_endpoint(
    memory_harness: Harness,
) -> None:
    """eBay cannot send a key; its signature is checked instead. Nothing else is exempt."""
    app = memory_harness.app
    public = public_operations(app, API_PREFIX)
    assert sorted(public) == sorted((m, API_PREFIX + p) for m, p in PUBLIC_OPERATIONS)
    assert sorted(public) == [
        ("GET", "/api/v1/channels/{name}/ebay/account-deletion"),
        ("POST", "/api/v1/channels/{name}/ebay/account-deletion"),
    ]
    paths = memory_harness.client.get("/openapi.json").json()["paths"]
    for method, path in public:
        operation = paths[path][method.lower()]
        assert "security" not in operation and "Needs the scope" not in operation.get("description", "")
        assert {"401", "403"}.isdisjoint(operation["responses"])
    anonymous = {"Authorization": ""}
    answer = memory_harness.client.get(
        url_of(public[0][1]), params={"challenge_code": "x"}, headers=anonymous
    )
    assert answer.status_code == 404, answer.text  # no channel "shop": past the key check, which is not there


def test_a_public_operation_that_declares_a_scope_stops_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        app_module.routes_ebay_deletion.router.routes[0], "dependencies", [Requires(Scope.ADMIN)]
    )
    with pytest.raises(RuntimeError, match="takes no key and must declare no scope"):
        create_app(None, admin_key=None)  # type: ignore[arg-type]


def test_health_needs_no_key_and_no_scope(memory_harness: Harness) -> None:
    h = memory_harness
    assert h.client.get("/health", headers=bearer(h, [Scope.REPORTS_READ])).status_code == 200
    assert "security" not in h.client.get("/openapi.json").json()["paths"]["/health"]["get"]
