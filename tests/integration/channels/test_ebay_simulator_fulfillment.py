"""The eBay simulator's generated orders, shipping fulfillments, injected faults and speed;
answers validated against eBay's OpenAPI file."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import httpx
import pytest

from adapters.channels.ebay.timestamps import ebay_time
from tests.integration.channels.ebay_schema import validate, validate_errors
from tests.integration.channels.ebay_world import START, FakeClock, World, ebay_world

ORDERS = "/sell/fulfillment/v1/order"


# -- generated mix ----------------------------------------------------------------------------------


def _orders(world: World) -> list[dict[str, Any]]:
    return [world.market.order(i) for i in world.market.orders]


def test_the_generator_is_reproducible_with_a_seed() -> None:
    with ebay_world(FakeClock(START)) as first, ebay_world(FakeClock(START)) as second:
        first.market.generate(50, seed=11)
        second.market.generate(50, seed=11)
        assert _orders(first) == _orders(second)


def test_the_generated_mix_covers_the_cases_an_intake_must_handle() -> None:
    with ebay_world(FakeClock(START)) as world:
        world.market.generate(600, seed=3)
        orders = _orders(world)
    instructions = [o["fulfillmentStartInstructions"][0] for o in orders]
    addresses = [i["shippingStep"]["shipTo"]["contactAddress"] for i in instructions if "shippingStep" in i]
    assert any(len(o["lineItems"]) > 1 for o in orders)
    assert any("sku" not in line for o in orders for line in o["lineItems"])
    assert any(o["orderPaymentStatus"] == "PENDING" for o in orders)
    assert any(o["orderPaymentStatus"] == "FULLY_REFUNDED" for o in orders)
    assert any(o["cancelStatus"]["cancelState"] == "CANCELED" for o in orders)
    assert any(o["cancelStatus"]["cancelState"] == "IN_PROGRESS" for o in orders)
    assert {o["orderFulfillmentStatus"] for o in orders} == {"NOT_STARTED", "IN_PROGRESS", "FULFILLED"}
    assert any(set("äöüß") & set(o["lineItems"][0]["title"] + str(o["buyer"])) for o in orders)
    assert any("country" in a for a in addresses) and any("countryCode" in a for a in addresses)
    assert any(i["fulfillmentInstructionsType"] == "DIGITAL" for i in instructions)
    assert any(i["ebaySupportedFulfillment"] for i in instructions)
    assert any(o.get("ebayCollectAndRemitTax") for o in orders)


# -- shipping fulfillment ---------------------------------------------------------------------------


def _post_fulfillment(world: World, order_id: str, body: Any) -> httpx.Response:
    headers = {"Authorization": f"Bearer {world.user_token()}"}
    return httpx.post(f"{world.url}{ORDERS}/{order_id}/shipping_fulfillment", json=body, headers=headers)


def _two_line_order(world: World) -> dict[str, Any]:
    for order_id in world.market.generate(60, seed=2):
        order = world.market.order(order_id)
        multi_line = len(order["lineItems"]) > 1 and order["orderFulfillmentStatus"] == "NOT_STARTED"
        if multi_line and order["cancelStatus"]["cancelState"] != "CANCELED":
            return order
    raise AssertionError("no open multi-line order generated")


def test_a_shipping_fulfillment_is_created_with_201_and_a_location(world: World) -> None:
    order = _two_line_order(world)
    first = order["lineItems"][0]
    world.clock.advance(minutes=5)
    body = {
        "lineItems": [{"lineItemId": first["lineItemId"], "quantity": first["quantity"]}],
        "shippedDate": ebay_time(world.clock.now()),
        "shippingCarrierCode": "DHL",
        "trackingNumber": "00340434161234567890",
    }
    answer = _post_fulfillment(world, order["orderId"], body)
    assert answer.status_code == 201
    assert answer.headers["Location"].endswith(
        f"{ORDERS}/{order['orderId']}/shipping_fulfillment/00340434161234567890"
    )
    after = world.market.order(order["orderId"])
    assert after["orderFulfillmentStatus"] == "IN_PROGRESS"
    assert after["lineItems"][0]["lineItemFulfillmentStatus"] == "FULFILLED"
    assert after["lastModifiedDate"] == ebay_time(world.clock.now())


def test_fulfilling_every_line_makes_the_order_fulfilled(world: World) -> None:
    order = _two_line_order(world)
    lines = [{"lineItemId": x["lineItemId"], "quantity": x["quantity"]} for x in order["lineItems"]]
    assert _post_fulfillment(world, order["orderId"], {"lineItems": lines}).status_code == 201
    assert world.market.order(order["orderId"])["orderFulfillmentStatus"] == "FULFILLED"


def test_the_fulfillment_collection_and_single_fulfillment_are_valid(world: World) -> None:
    order = _two_line_order(world)
    fulfillment_id = world.market.ship(order["orderId"], tracking="H1234567890")
    collection = world.get(f"{ORDERS}/{order['orderId']}/shipping_fulfillment").json()
    validate(collection, "ShippingFulfillmentPagedCollection")
    assert collection["total"] == 1
    single = world.get(f"{ORDERS}/{order['orderId']}/shipping_fulfillment/{fulfillment_id}").json()
    validate(single, "ShippingFulfillment")
    assert single["shipmentTrackingNumber"] == "H1234567890"


@pytest.mark.parametrize(
    ("change", "error_id"),
    [
        ({"lineItems": [{"lineItemId": "999", "quantity": 1}]}, 32200),
        ({"shippedDate": "2030-01-01T00:00:00.000Z"}, 32500),
        ({"shippedDate": "yesterday"}, 32500),
        ({"trackingNumber": "ABC 123", "shippingCarrierCode": "DHL"}, 32300),
        ({"trackingNumber": "ABC123"}, 32300),
    ],
)
def test_invalid_fulfillments_get_ebays_error_ids(
    world: World, change: dict[str, Any], error_id: int
) -> None:
    order = _two_line_order(world)
    body = {"lineItems": [{"lineItemId": order["lineItems"][0]["lineItemId"], "quantity": 1}]} | change
    answer = _post_fulfillment(world, order["orderId"], body)
    assert (answer.status_code, answer.json()["errors"][0]["errorId"]) == (400, error_id)
    validate_errors(answer.json())


# -- faults -------------------------------------------------------------------------------------------


def test_injected_429s_spoil_exactly_the_next_n_calls(world: World) -> None:
    token = world.user_token()
    world.market.faults.inject("429", times=2)
    statuses = [world.get(ORDERS, token).status_code for _ in range(3)]
    assert statuses == [429, 429, 200]


def test_a_429_carries_error_2001(world: World) -> None:
    world.market.faults.inject("429")
    answer = world.get(ORDERS)
    assert answer.json()["errors"][0]["errorId"] == 2001
    validate_errors(answer.json())


def test_a_500_carries_error_30500(world: World) -> None:
    world.market.faults.inject("500")
    answer = world.get(ORDERS)
    assert (answer.status_code, answer.json()["errors"][0]["errorId"]) == (500, 30500)


@pytest.mark.parametrize("kind", ["html", "garbage"])
def test_html_and_garbage_come_with_status_200(world: World, kind: str) -> None:
    world.market.faults.inject(kind)
    answer = world.get(ORDERS)
    assert answer.status_code == 200
    with pytest.raises(ValueError):
        answer.json()


def test_the_daily_call_budget_answers_429_once_spent(world: World) -> None:
    token = world.user_token()
    world.market.faults.call_limit_per_day = 2
    assert [world.get(ORDERS, token).status_code for _ in range(3)] == [200, 200, 429]


@pytest.mark.slow
def test_ten_thousand_orders_are_served_in_pages_of_200_within_seconds() -> None:
    with ebay_world(FakeClock(START)) as world:
        world.market.generate(10_000, seed=1)
        token = world.user_token()
        window = f"lastmodifieddate:[{ebay_time(START - timedelta(days=30))}..]"
        began = time.perf_counter()
        with httpx.Client(headers={"Authorization": f"Bearer {token}"}) as client:
            served = sum(
                len(
                    client.get(
                        world.url + ORDERS, params={"filter": window, "limit": "200", "offset": str(o)}
                    ).json()["orders"]
                )
                for o in range(0, 10_000, 200)
            )
        assert served == 10_000
        assert time.perf_counter() - began < 8
