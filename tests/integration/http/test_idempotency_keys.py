"""Idempotency-Key on the order-placing endpoints: a retried request places no second order."""

from __future__ import annotations

from typing import Any

import httpx

from simulators.server import BackgroundServer
from tests.integration.http.conftest import stored
from tests.integration.http.test_concurrent_orders import post_all_at_once
from tests.support.harness import Harness
from tests.support.order_data import draft, immediate_order, line, new_customer

KEY = "3f0b8a52-5c1e-4d8e-9d7a-2f6c1b9e4a10"


def post(
    harness: Harness, body: dict[str, Any], key: str | None, path: str = "/api/v1/orders"
) -> httpx.Response:
    headers = {"Idempotency-Key": key} if key is not None else {}
    return harness.client.post(path, json=body, headers=headers)


def test_a_repeated_request_answers_with_the_order_placed_the_first_time(harness: Harness) -> None:
    body = immediate_order(new_customer("retry@example.com"))
    first, again = post(harness, body, KEY), post(harness, body, KEY)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert again.json() == first.json()
    assert (stored(harness).orders, stored(harness).customers) == (1, 1)


def test_without_a_key_or_with_another_key_each_request_places_an_order(harness: Harness) -> None:
    body = immediate_order()
    statuses = [post(harness, body, key).status_code for key in (None, None, "key-1", "key-2")]
    assert statuses == [201] * 4
    assert stored(harness).orders == 4


def test_a_key_reused_for_a_different_order_is_refused_and_changes_nothing(harness: Harness) -> None:
    assert post(harness, immediate_order(), KEY).status_code == 201
    before = stored(harness)
    other = post(harness, immediate_order(lines=[line(quantity=5)]), KEY)
    assert other.status_code == 422
    assert "Idempotency-Key" in other.json()["detail"] and "different order" in other.json()["detail"]
    assert stored(harness) == before


def test_customer_orders_take_a_key_too_and_it_is_the_same_key_space(harness: Harness) -> None:
    customer = harness.client.post("/api/v1/customers", json=new_customer("kunde@example.com")).json()
    path = f"/api/v1/customers/{customer['id']}/orders"
    first, again = post(harness, draft(), "order-7", path), post(harness, draft(), "order-7", path)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert post(harness, {"customer_id": customer["id"], **draft()}, "order-7").status_code == 422
    assert stored(harness).orders == 1


def test_a_malformed_key_is_422_naming_the_header(memory_harness: Harness) -> None:
    for key in ("", "has space", "x" * 256, "umlaut-ä".encode("latin-1")):
        response = memory_harness.client.post(
            "/api/v1/orders", json=immediate_order(), headers={"Idempotency-Key": key}
        )
        assert response.status_code == 422, key
        assert "Idempotency-Key" in response.text
    assert stored(memory_harness).orders == 0


def test_simultaneous_requests_with_one_key_place_one_order(harness: Harness) -> None:
    body = immediate_order(new_customer("burst@example.com"))
    with BackgroundServer(harness.app) as server:
        responses = post_all_at_once(server.url, [body] * 10, headers={"Idempotency-Key": KEY})
    assert sorted(r.status_code for r in responses) == [200] * 9 + [201], [r.text for r in responses]
    assert len({r.json()["id"] for r in responses}) == 1
    assert (stored(harness).orders, stored(harness).customers) == (1, 1)
