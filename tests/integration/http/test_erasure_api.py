"""POST /customers/{id}/erasure and what callers see afterwards, on every store."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from application.api_keys import NewApiKey
from domain.access import Scope
from entrypoints.http import response_models as rm
from tests.integration.http.conftest import place, stored
from tests.support.harness import Harness
from tests.support.order_data import ADDRESS, immediate_order, new_customer

REASON = {"reason": "request by letter of 2026-12-01"}


def bearer(h: Harness, *scopes: Scope) -> dict[str, str]:
    _, key = h.services.access.create(NewApiKey(name="warehouse", scopes=list(scopes)))
    return {"Authorization": f"Bearer {key}"}


def shipped_order(h: Harness, email: str = "anna@example.com") -> dict[str, Any]:
    order = place(h, immediate_order(new_customer(email=email)))
    h.set_status(order["id"], "shipped")
    return order


def erase(h: Harness, customer_id: str, **options: Any) -> Any:
    return h.client.post(f"/api/v1/customers/{customer_id}/erasure", json=REASON, **options)


def test_erasure_answers_what_was_erased_and_what_is_kept_until_when(harness: Harness) -> None:
    h = harness
    order = shipped_order(h)
    response = erase(h, order["customer_id"])
    assert response.status_code == 200, response.text
    body = response.json()
    rm.ErasureView.model_validate(body)
    assert body["customer_id"] == order["customer_id"]
    assert {"name", "email", "phone", "company", "billing_address"} <= set(body["erased"])
    assert body["retained"] == [{"order_id": order["id"], "number": order["number"], "until": "2036-12-31"}]

    customer = h.client.get(f"/api/v1/customers/{order['customer_id']}")
    assert customer.status_code == 200
    view = customer.json()
    rm.CustomerView.model_validate(view)
    assert view["erased_at"] == body["erased_at"]
    assert view["number"] and view["id"] == order["customer_id"]
    personal = ("name", "email", "phone", "company", "billing_address", "shipping_address")
    assert all(view[field] is None for field in personal) and view["channel_identities"] == []

    [erased] = [
        e
        for e in h.client.get(f"/api/v1/customers/{order['customer_id']}/events").json()
        if e["type"] == "Erased"
    ]
    assert erased["actor"] == {"kind": "api_key", "name": "ORDERHUB_API_KEY"}
    assert erased["data"] == REASON  # who, when, why: never what


def test_erasing_twice_answers_the_same_and_records_nothing(harness: Harness) -> None:
    h = harness
    order = shipped_order(h)
    first = erase(h, order["customer_id"]).json()
    before = stored(h)
    h.clock.advance(days=1)
    again = erase(h, order["customer_id"])
    assert again.status_code == 200 and again.json() == first
    assert stored(h) == before


def test_an_unknown_customer_is_a_404(harness: Harness) -> None:
    response = erase(harness, "00000000-0000-0000-0000-00000000beef")
    assert response.status_code == 404
    assert "customer 00000000-0000-0000-0000-00000000beef not found" in response.json()["detail"]


def test_an_open_order_is_a_409_naming_it_and_nothing_happens(harness: Harness) -> None:
    h = harness
    shipped = shipped_order(h)
    still_open = place(h, {"customer_id": shipped["customer_id"], **_draft()})
    before = stored(h)
    response = erase(h, shipped["customer_id"])
    assert response.status_code == 409
    problem = response.json()
    assert problem["order_id"] == still_open["id"] and problem["number"] == still_open["number"]
    assert still_open["number"] in problem["detail"] and "ship or cancel it first" in problem["detail"]
    assert stored(h) == before
    assert h.client.get(f"/api/v1/customers/{shipped['customer_id']}").json()["erased_at"] is None


def _draft() -> dict[str, Any]:
    body = immediate_order()
    body.pop("customer")
    return body


def test_bad_bodies_are_422_naming_the_field(harness: Harness) -> None:
    h = harness
    order = shipped_order(h)
    url = f"/api/v1/customers/{order['customer_id']}/erasure"
    for body, field in (({}, "reason"), ({"reason": "  "}, "reason"), ({"reason": "x" * 501}, "reason")):
        response = h.client.post(url, json=body)
        assert response.status_code == 422, body
        assert response.json()["errors"][0]["field"] == field
    assert h.client.post(url, json={**REASON, "what": "all"}).status_code == 422
    assert h.client.post("/api/v1/customers/not-an-id/erasure", json=REASON).status_code == 422
    assert h.client.get(f"/api/v1/customers/{order['customer_id']}").json()["erased_at"] is None


def test_only_admins_erase(harness: Harness) -> None:
    h = harness
    order = shipped_order(h)
    headers = bearer(h, Scope.CUSTOMERS_WRITE, Scope.ORDERS_WRITE)
    response = erase(h, order["customer_id"], headers=headers)
    assert response.status_code == 403 and "'admin'" in response.json()["detail"]


def test_an_erased_customers_orders_show_names_and_addresses_to_admins_only(harness: Harness) -> None:
    h = harness
    order = shipped_order(h)
    assert erase(h, order["customer_id"]).status_code == 200
    reader = bearer(h, Scope.ORDERS_READ)

    as_admin = h.order(order["id"])
    assert as_admin["billing_address"]["street"] == ADDRESS["street"]
    as_reader = h.client.get(f"/api/v1/orders/{order['id']}", headers=reader).json()
    assert as_reader["billing_address"] is None and as_reader["shipping_address"] is None
    assert as_reader["lines"] == as_admin["lines"] and as_reader["total"] == as_admin["total"]
    TypeAdapter(rm.OrderView).validate_python(as_reader)

    events = h.client.get(f"/api/v1/orders/{order['id']}/events", headers=reader).json()
    assert ADDRESS["street"] not in str(events)
    assert ADDRESS["street"] in str(h.events(order["id"]))  # admins: kept for the law
    # an order of a customer who is not erased shows its addresses to every reader
    other = place(h, immediate_order(new_customer(email="bob@example.com")))
    seen = h.client.get(f"/api/v1/orders/{other['id']}", headers=reader).json()
    assert seen["billing_address"]["street"] == ADDRESS["street"]


def test_lists_and_searches_forget_the_erased_customer(harness: Harness) -> None:
    h = harness
    order = shipped_order(h, email="anna@example.com")
    erase(h, order["customer_id"])
    assert h.client.get("/api/v1/customers", params={"q": "anna"}).json()["total"] == 0
    assert h.client.get("/api/v1/customers", params={"email": "anna@example.com"}).json()["total"] == 0
    [item] = h.client.get("/api/v1/customers").json()["items"]
    assert item["id"] == order["customer_id"] and item["name"] is None and item["email"] is None
    assert "Anna" not in str(h.client.get("/api/v1/orders").json())


def test_the_same_e_mail_later_is_a_new_customer(harness: Harness) -> None:
    h = harness
    order = shipped_order(h, email="anna@example.com")
    erase(h, order["customer_id"])
    again = place(h, immediate_order(new_customer(email="ANNA@example.com")))
    assert again["customer_id"] != order["customer_id"]
    assert h.client.get(f"/api/v1/customers/{again['customer_id']}").json()["email"] == "ANNA@example.com"
    refused = h.client.post(f"/api/v1/customers/{order['customer_id']}/orders", json=_draft())
    assert refused.status_code == 409 and "is erased" in refused.json()["detail"]
