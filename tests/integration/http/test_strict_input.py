"""The API takes input as documented and refuses the rest, saying why: no guessing at what was meant."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.integration.http.conftest import place, stored
from tests.support.harness import Harness
from tests.support.order_data import immediate_order


def refused(harness: Harness, body: dict[str, Any], status: int = 422) -> str:
    before = stored(harness)
    response = harness.client.post("/api/v1/orders", json=body)
    assert response.status_code == status, response.text
    assert stored(harness) == before  # nothing recorded, no customer created
    return str(response.json()["detail"])


def with_line(**changes: Any) -> dict[str, Any]:
    body = immediate_order()
    body["lines"][0].update(changes)
    return body


def test_a_quantity_given_as_a_string_is_refused(memory_harness: Harness) -> None:
    assert refused(memory_harness, with_line(quantity="3")).startswith("lines.0.quantity: ")


def test_a_tax_rate_written_as_a_fraction_is_refused_as_not_a_percentage(memory_harness: Harness) -> None:
    assert "a tax rate is a percentage (19 means 19 %)" in refused(memory_harness, with_line(tax_rate="0.19"))


def test_yen_amounts_with_decimals_are_refused_and_whole_yen_accepted(memory_harness: Harness) -> None:
    body = {**with_line(unit_price="100.50"), "currency": "JPY", "shipping_cost": "500"}
    assert "JPY has no minor unit" in refused(memory_harness, body)
    assert place(memory_harness, {**with_line(unit_price="100"), "currency": "JPY", "shipping_cost": "500"})


def test_a_control_character_in_a_title_is_refused_naming_the_field(memory_harness: Harness) -> None:
    detail = refused(memory_harness, with_line(title="Tasse\u0007"))
    assert detail == "lines.0.title: control character U+0007 is not allowed"


def test_a_control_character_in_a_customer_name_is_refused_too(memory_harness: Harness) -> None:
    body = immediate_order()
    body["customer"]["billing_address"]["city"] = "Berlin\u009b"
    assert refused(memory_harness, body).startswith("customer.billing_address.city: control character U+009B")


def test_a_note_keeps_its_line_breaks(memory_harness: Harness) -> None:
    assert place(memory_harness, {**immediate_order(), "note": "first\nsecond\tthird"})["note"]


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_a_body_that_is_not_sent_as_json_is_415(memory_harness: Harness, content_type: str) -> None:
    before = stored(memory_harness)
    response = memory_harness.client.post(
        "/api/v1/orders", content=json.dumps(immediate_order()), headers={"Content-Type": content_type}
    )
    assert response.status_code == 415
    assert "Content-Type: application/json" in response.json()["detail"]
    assert stored(memory_harness) == before


def test_an_unknown_query_parameter_is_422_naming_it(memory_harness: Harness) -> None:
    response = memory_harness.client.get("/api/v1/orders", params={"sourc": "ebay"})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("sourc: unknown query parameter (this endpoint takes: ")


def test_a_repeated_query_parameter_is_422_naming_it(memory_harness: Harness) -> None:
    response = memory_harness.client.get("/api/v1/orders?source=ebay&source=amazon")
    assert response.status_code == 422
    assert response.json()["detail"] == "source: given more than once; give it once"


@pytest.mark.parametrize(
    "path", ["/health", "/api/v1/reports/sales", "/api/v1/channels", "/api/v1/customers"]
)
def test_every_endpoint_refuses_unknown_query_parameters(memory_harness: Harness, path: str) -> None:
    response = memory_harness.client.get(path, params={"verbose": "1"})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("verbose: unknown query parameter")


def test_a_paid_change_with_tracking_is_422_and_stores_nothing(harness: Harness) -> None:
    order = place(harness)
    response = harness.client.post(
        f"/api/v1/orders/{order['id']}/status",
        json={"status": "paid", "tracking": {"carrier": "DHL", "number": "123"}},
    )
    assert response.status_code == 422
    assert response.json()["detail"].startswith("tracking: only a shipment")
    assert harness.order(order["id"])["tracking"] == [] and harness.order(order["id"])["status"] == "open"


def test_a_partial_shipment_of_a_one_line_order_must_name_its_quantity(harness: Harness) -> None:
    order = place(harness)  # one line of 3
    url = f"/api/v1/orders/{order['id']}/status"
    bare = harness.client.post(url, json={"status": "partially_shipped"})
    assert bare.status_code == 422 and bare.json()["detail"].startswith(
        "lines: partially_shipped on a one-line"
    )
    whole = harness.client.post(
        url, json={"status": "partially_shipped", "lines": [{"line": 0, "quantity": 3}]}
    )
    assert whole.status_code == 422 and "that is shipped" in whole.json()["detail"]
    part = harness.client.post(
        url, json={"status": "partially_shipped", "lines": [{"line": 0, "quantity": 1}]}
    )
    assert part.status_code == 200 and part.json()["status"] == "partially_shipped"
