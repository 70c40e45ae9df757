"""Bad input gets a clear 4xx that names the field, and nothing is stored."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.http.conftest import place, stored
from tests.support.harness import Harness
from tests.support.order_data import ADDRESS, draft, immediate_order, line, new_customer

BAD_ORDERS: dict[str, tuple[dict[str, Any], str]] = {
    "negative quantity": (immediate_order(lines=[line(quantity=-1)]), "lines.0.quantity"),
    "zero quantity": (immediate_order(lines=[line(quantity=0)]), "lines.0.quantity"),
    "absurd quantity": (immediate_order(lines=[line(quantity=10**12)]), "lines.0.quantity"),
    "fractional quantity": (immediate_order(lines=[line(quantity=1.5)]), "lines.0.quantity"),
    "boolean quantity": (immediate_order(lines=[line(quantity=True)]), "lines.0.quantity"),
    "malformed price": (immediate_order(lines=[line(unit_price="19,99")]), "lines.0.unit_price"),
    "price with three places": (immediate_order(lines=[line(unit_price="19.999")]), "lines.0.unit_price"),
    "price as a float": (immediate_order(lines=[line(unit_price=19.99)]), "lines.0.unit_price"),
    "negative price": (immediate_order(lines=[line(unit_price="-1.00")]), "lines.0.unit_price"),
    "absurd price": (immediate_order(lines=[line(unit_price="1" * 40 + ".123")]), "lines.0.unit_price"),
    "price that is not a number": (immediate_order(lines=[line(unit_price="NaN")]), "lines.0.unit_price"),
    "tax rate over 100": (immediate_order(lines=[line(tax_rate="119")]), "lines.0.tax_rate"),
    "negative shipping": (immediate_order(shipping_cost="-4.90"), "shipping_cost"),
    "unknown currency": (immediate_order(currency="EURO"), "currency"),
    "missing currency": ({k: v for k, v in immediate_order().items() if k != "currency"}, "currency"),
    "unknown billing country": (
        immediate_order(new_customer(billing_address={**ADDRESS, "country_code": "XX"})),
        "customer.billing_address.country_code",
    ),
    "unknown shipping country": (
        immediate_order(shipping_address={**ADDRESS, "country_code": "Germany"}),
        "shipping_address.country_code",
    ),
    "empty line list": (immediate_order(lines=[]), "lines"),
    "too many lines": (immediate_order(lines=[line()] * 1001), "lines"),
    "line without title": (immediate_order(lines=[{"quantity": 1, "unit_price": "1.00"}]), "lines.0.title"),
    "blank title": (immediate_order(lines=[line(title="   ")]), "lines.0.title"),
    "absurdly long title": (immediate_order(lines=[line(title="x" * 501)]), "lines.0.title"),
    "absurdly long note": (immediate_order(note="x" * 5001), "note"),
    "malformed email": (immediate_order(new_customer("anna(at)example.com")), "customer.email"),
    "email with two @": (immediate_order(new_customer("a@b@example.com")), "customer.email"),
    "customer without name": (immediate_order(new_customer(name="")), "customer.name"),
    "unknown field": (immediate_order(discount="5.00"), "discount"),
    "lines not a list": (immediate_order(lines={"sku": "A"}), "lines"),
}


@pytest.mark.parametrize(("body", "field"), BAD_ORDERS.values(), ids=BAD_ORDERS.keys())
def test_a_bad_immediate_order_is_422_naming_the_field_and_stores_nothing(
    harness: Harness, body: dict[str, Any], field: str
) -> None:
    before = stored(harness)
    response = harness.client.post("/api/v1/orders", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["detail"].startswith(f"{field}:"), response.json()["detail"]
    assert field in [e["field"] for e in response.json()["errors"]]
    assert stored(harness) == before


@pytest.mark.parametrize(
    "body",
    [{**draft(), "customer_id": "00000000-0000-0000-0000-000000000001", "customer": new_customer()}, draft()],
    ids=["both customer_id and customer", "neither customer_id nor customer"],
)
def test_an_immediate_order_needs_exactly_one_of_customer_id_and_customer(
    harness: Harness, body: dict[str, Any]
) -> None:
    before = stored(harness)
    response = harness.client.post("/api/v1/orders", json=body)
    assert response.status_code == 422
    assert "customer_id" in response.json()["detail"] and "customer" in response.json()["detail"]
    assert stored(harness) == before


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"currency": "EUR", "lines": [', "malformed JSON"),
        (b"\xff\xfe\x00", "NUL"),
        (b"[]", "body"),
        (b'"an order"', "body"),
        (b"", "body"),
    ],
    ids=["truncated JSON", "binary garbage", "a list", "a string", "empty"],
)
def test_a_body_that_is_no_json_object_is_422_and_stores_nothing(
    memory_harness: Harness, content: bytes, expected: str
) -> None:
    before = stored(memory_harness)
    response = memory_harness.client.post(
        "/api/v1/orders", content=content, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422 and expected in response.json()["detail"]
    assert stored(memory_harness) == before


@pytest.mark.parametrize(
    "body",
    [immediate_order(note="before\x00after"), immediate_order(new_customer(name="Anna\x00"))],
    ids=["in a note", "in a name"],
)
def test_a_nul_character_is_refused_and_nothing_is_stored(
    memory_harness: Harness, body: dict[str, Any]
) -> None:
    before = stored(memory_harness)
    response = memory_harness.client.post("/api/v1/orders", json=body)
    assert response.status_code == 422 and "NUL" in response.json()["detail"]
    assert stored(memory_harness) == before


def test_a_nul_character_in_a_query_is_refused(memory_harness: Harness) -> None:
    response = memory_harness.client.get("/api/v1/customers", params={"q": "a\x00b"})
    assert response.status_code == 422 and "NUL" in response.json()["detail"]


def test_an_absurdly_large_body_is_413_and_stores_nothing(memory_harness: Harness) -> None:
    before = stored(memory_harness)
    response = memory_harness.client.post("/api/v1/orders", json=immediate_order(note="x" * 2_000_000))
    assert response.status_code == 413
    assert stored(memory_harness) == before


def test_a_deeply_nested_body_is_a_4xx(memory_harness: Harness) -> None:
    response = memory_harness.client.post(
        "/api/v1/orders",
        content=b"[" * 200_000 + b"]" * 200_000,
        headers={"Content-Type": "application/json"},
    )
    assert 400 <= response.status_code < 500


BAD_STATUS_CHANGES: dict[str, tuple[dict[str, Any], str]] = {
    "unknown status": ({"status": "lost"}, "status"),
    "missing status": ({"reason": "x"}, "status"),
    "tracking without number": ({"status": "shipped", "tracking": {"carrier": "DHL"}}, "tracking.number"),
    "blank carrier": ({"status": "shipped", "tracking": {"carrier": " ", "number": "1"}}, "tracking.carrier"),
    "absurdly long reason": ({"status": "cancelled", "reason": "x" * 1001}, "reason"),
}


@pytest.mark.parametrize(("body", "field"), BAD_STATUS_CHANGES.values(), ids=BAD_STATUS_CHANGES.keys())
def test_a_bad_status_change_is_422_naming_the_field_and_records_nothing(
    harness: Harness, body: dict[str, Any], field: str
) -> None:
    order = place(harness)
    before = stored(harness)
    response = harness.client.post(f"/api/v1/orders/{order['id']}/status", json=body)
    assert response.status_code == 422 and response.json()["detail"].startswith(f"{field}:")
    assert stored(harness) == before


BAD_CUSTOMERS: dict[str, tuple[dict[str, Any], str]] = {
    "unknown country": (
        new_customer(billing_address={**ADDRESS, "country_code": "ZZ"}),
        "billing_address.country_code",
    ),
    "missing billing address": ({"name": "Anna", "email": "anna@example.com"}, "billing_address"),
    "address without street": (
        new_customer(billing_address={k: v for k, v in ADDRESS.items() if k != "street"}),
        "billing_address.street",
    ),
    "malformed email": (new_customer("anna"), "email"),
    "absurdly long name": (new_customer(name="A" * 201), "name"),
}


@pytest.mark.parametrize(("body", "field"), BAD_CUSTOMERS.values(), ids=BAD_CUSTOMERS.keys())
def test_a_bad_customer_is_422_naming_the_field_and_stores_nothing(
    harness: Harness, body: dict[str, Any], field: str
) -> None:
    before = stored(harness)
    response = harness.client.post("/api/v1/customers", json=body)
    assert response.status_code == 422 and response.json()["detail"].startswith(f"{field}:")
    assert stored(harness) == before


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 100000}, "limit"),
        ({"offset": -1}, "offset"),
        ({"customer_id": "nope"}, "customer_id"),
        ({"created_from": "yesterday"}, "created_from"),
        ({"created_from": "0001-01-01T00:00:00+01:00"}, "created_from"),
        ({"sort": "price"}, "sort"),
    ],
)
def test_a_bad_order_list_query_is_422_naming_the_parameter(
    memory_harness: Harness, params: dict[str, Any], field: str
) -> None:
    response = memory_harness.client.get("/api/v1/orders", params=params)
    assert response.status_code == 422 and response.json()["detail"].startswith(f"{field}:")
