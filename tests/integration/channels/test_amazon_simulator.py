"""The Amazon simulator speaks SP-API Orders v2026-01-01 (+ v0 confirmShipment): wire format, rules,
limits, lifecycle, faults; every response is checked against the official model."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from adapters.channels.amazon.client import INCLUDED_DATA
from adapters.channels.amazon.shipment import confirmation_body
from domain.order_line import Tracking
from simulators.amazon.app import create_app
from simulators.amazon.generator import generate_orders
from simulators.amazon.orders import BLOCKS
from simulators.amazon.state import AmazonSimulatorState
from testkit.channel_plugins import FakeClock
from tests.integration.channels.amazon_fixtures import DE, T0, minutes_ago, sim_order, simulator
from tests.integration.channels.amazon_model import MODEL_2026, MODEL_V0, validator

ORDERS = "/orders/2026-01-01/orders"
V0 = "/orders/v0/orders"
ALL_BLOCKS = ",".join(sorted(BLOCKS))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0)


@pytest.fixture
def state(clock: FakeClock) -> AmazonSimulatorState:
    return simulator(clock)


@pytest.fixture
def http(state: AmazonSimulatorState) -> Iterator[TestClient]:
    with TestClient(create_app(state)) as client:
        token = client.post("/auth/o2/token", data=_credentials(state)).json()["access_token"]
        client.headers["x-amz-access-token"] = token
        yield client


def _credentials(state: AmazonSimulatorState) -> dict[str, str]:
    return {"grant_type": "refresh_token", "refresh_token": state.refresh_token,
            "client_id": state.client_id, "client_secret": state.client_secret}  # fmt: skip


@pytest.fixture(scope="module")
def conforms() -> Any:
    return validator(MODEL_2026)


def _updated_since(http: TestClient, minutes: float, **params: Any) -> Any:
    clock_now = http.app.state.amazon.clock.now()  # type: ignore[attr-defined]
    query = {"marketplaceIds": DE, "lastUpdatedAfter": (clock_now - timedelta(minutes=minutes)).isoformat()}
    return http.get(ORDERS, params=query | params)


def _order(http: TestClient, order_id: str, blocks: str = ALL_BLOCKS) -> dict[str, Any]:
    response = http.get(f"{ORDERS}/{order_id}", params={"includedData": blocks})
    assert response.status_code == 200, response.text
    return response.json()["order"]  # type: ignore[no-any-return]


# -- conformance with the official model ---------------------------------------------------------


def test_search_orders_conforms_to_the_model_with_every_block(
    http: TestClient, state: AmazonSimulatorState, clock: FakeClock, conforms: Any
) -> None:
    generate_orders(state, 40, seed=7)
    state.request_cancellation(next(iter(state.orders)))
    clock.advance(minutes=10)
    response = http.get(ORDERS, params={"marketplaceIds": DE, "createdAfter": "2026-10-01T00:00:00Z",
                                        "includedData": ALL_BLOCKS})  # fmt: skip
    assert response.status_code == 200
    conforms(response.json(), "SearchOrdersResponse")
    assert len(response.json()["orders"]) == 40


@pytest.mark.parametrize("status", ["Pending", "Unshipped", "PartiallyShipped", "Shipped", "Canceled"])
def test_get_order_conforms_to_the_model_in_every_status(
    http: TestClient, state: AmazonSimulatorState, conforms: Any, status: str
) -> None:
    order = sim_order(1, minutes_ago(state.clock, 30), status=status)
    order.delivery_tip, order.buyer_company = order.delivery_tip + 2, "Müller GmbH"
    order.items[0].promotion_ids, order.items[0].cancel_reason = ["SPRING"], "mistake"
    state.add_order(order)
    if status in ("PartiallyShipped", "Shipped"):
        state.ship(order.amazon_order_id, None if status == "Shipped" else {order.items[0].order_item_id: 1},
                   tracking=("DHL", "00340434"))  # fmt: skip
    conforms(http.get(f"{ORDERS}/{order.amazon_order_id}", params={"includedData": ALL_BLOCKS}).json(),
             "GetOrderResponse")  # fmt: skip


def test_error_bodies_conform_to_the_model(http: TestClient, conforms: Any) -> None:
    for response in (http.get(ORDERS, params={"marketplaceIds": DE}), http.get(f"{ORDERS}/302-0000000-0000000"),
                     http.get(V0, params={"MarketplaceIds": DE})):  # fmt: skip
        assert response.status_code in (400, 404)
        conforms(response.json(), "ErrorList")


def test_a_shipment_request_built_by_the_channel_conforms_to_the_v0_model() -> None:
    body = confirmation_body(DE, "push-1", Tracking(carrier="DHL", number="0034"), datetime.now(UTC),
                             [{"orderItemId": "1", "quantity": 1}])  # fmt: skip
    validator(MODEL_V0)(body, "ConfirmShipmentRequest")


# -- Login with Amazon ---------------------------------------------------------------------------


def test_token_endpoint_accepts_form_and_json(state: AmazonSimulatorState) -> None:
    with TestClient(create_app(state)) as client:
        form = client.post("/auth/o2/token", data=_credentials(state)).json()
        as_json = client.post("/auth/o2/token", json=_credentials(state)).json()
    for body in (form, as_json):
        assert body["access_token"].startswith("Atza|")
        assert (body["token_type"], body["expires_in"]) == ("bearer", 3600)


@pytest.mark.parametrize(("field", "status", "error"), [("refresh_token", 400, "invalid_grant"),
                                                       ("client_secret", 401, "invalid_client")])  # fmt: skip
def test_token_endpoint_refuses_bad_credentials(state: AmazonSimulatorState, field: str, status: int,
                                                error: str) -> None:  # fmt: skip
    with TestClient(create_app(state)) as client:
        response = client.post("/auth/o2/token", data=_credentials(state) | {field: "wrong"})
    assert response.status_code == status
    assert response.json()["error"] == error


def test_calls_without_a_token_are_denied(state: AmazonSimulatorState) -> None:
    with TestClient(create_app(state)) as client:
        denied = client.get(ORDERS, params={"marketplaceIds": DE})
        unauthorised = client.post(f"{V0}/1/shipmentConfirmation", json={})
    assert denied.status_code == 403
    assert denied.json()["errors"][0]["code"] == "Unauthorized"
    assert unauthorised.status_code == 401


def test_expired_tokens_are_denied_with_the_unauthorized_envelope(http: TestClient,
                                                                  state: AmazonSimulatorState) -> None:  # fmt: skip
    state.expire_tokens()
    response = _updated_since(http, 60)
    assert response.status_code == 403
    assert response.json() == {"errors": [{"code": "Unauthorized", "details": "",
                                           "message": "The access token you provided has expired."}]}  # fmt: skip


def test_tokens_expire_after_their_lifetime(http: TestClient, clock: FakeClock) -> None:
    clock.advance(seconds=3601)
    assert _updated_since(http, 60).status_code == 403


# -- searchOrders rules ----------------------------------------------------------------------------

AFTER = "2026-11-02T08:00:00Z"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"marketplaceIds": DE}, "Exactly one of createdAfter and lastUpdatedAfter"),
        ({"createdAfter": AFTER, "lastUpdatedAfter": AFTER}, "cannot be combined"),
        ({"createdAfter": AFTER, "lastUpdatedBefore": "2026-11-02T08:30:00Z"}, "cannot be combined"),
        ({"lastUpdatedAfter": AFTER, "lastUpdatedBefore": "2026-11-02T08:59:00Z"}, "at least 2 minutes"),
        ({"lastUpdatedAfter": AFTER, "lastUpdatedBefore": "2026-11-02T07:00:00Z"}, "equal to or after"),
        ({"lastUpdatedAfter": "yesterday"}, "ISO 8601"),
        ({"lastUpdatedAfter": AFTER, "maxResultsPerPage": "0"}, "1 and 100"),
        ({"lastUpdatedAfter": AFTER, "maxResultsPerPage": "101"}, "1 and 100"),
        ({"lastUpdatedAfter": AFTER, "includedData": "BUYER,ADDRESS"}, "includedData"),
        ({"lastUpdatedAfter": AFTER, "fulfillmentStatuses": "Unshipped"}, "fulfillmentStatuses"),
        ({"lastUpdatedAfter": AFTER, "paginationToken": "bm9wZQ"}, "paginationToken"),
        ({"LastUpdatedAfter": AFTER}, "Unknown parameter"),
    ],
)  # fmt: skip
def test_search_orders_refuses_invalid_requests_with_invalid_input(http: TestClient, params: dict[str, str],
                                                                   message: str) -> None:  # fmt: skip
    response = http.get(ORDERS, params=params)
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["code"] == "InvalidInput"
    assert message in error["message"]


def test_search_orders_echoes_last_updated_before_two_minutes_ago_by_default(http: TestClient) -> None:
    body = _updated_since(http, 60).json()
    assert body["lastUpdatedBefore"] == "2026-11-02T08:58:00Z"
    assert "createdBefore" not in body and "pagination" not in body


def test_included_data_returns_only_the_blocks_asked_for(
    http: TestClient, state: AmazonSimulatorState
) -> None:
    state.add_order(sim_order(1, minutes_ago(state.clock, 30)))
    state.request_cancellation("302-0000001-0000001")
    state.clock.advance(minutes=3)  # type: ignore[attr-defined]
    bare = _updated_since(http, 60).json()["orders"][0]
    assert set(bare) == {
        "orderId",
        "createdTime",
        "lastUpdatedTime",
        "programs",
        "salesChannel",
        "orderItems",
    }
    assert set(bare["orderItems"][0]) == {"orderItemId", "quantityOrdered", "product"}
    some = _updated_since(http, 60, includedData="FULFILLMENT,CANCELLATION").json()["orders"][0]
    assert set(some) - set(bare) == {"fulfillment"}
    assert set(some["orderItems"][0]) - set(bare["orderItems"][0]) == {"fulfillment", "cancellation"}
    full = _updated_since(http, 60, includedData=INCLUDED_DATA).json()["orders"][0]
    assert {"buyer", "recipient", "proceeds", "fulfillment"} <= set(full)


def _pages(http: TestClient, first: dict[str, str]) -> list[dict[str, Any]]:
    bodies, token = [], None
    while True:
        body = _updated_since(http, 60, **first, **({"paginationToken": token} if token else {})).json()
        bodies.append(body)
        token = body.get("pagination", {}).get("nextToken")
        if not token:
            return bodies
        json.loads(base64.urlsafe_b64decode(token))  # opaque to clients, base64 of the cursor here


def test_pagination_tokens_page_through_with_the_same_parameters(
    http: TestClient, state: AmazonSimulatorState, clock: FakeClock
) -> None:
    for number in range(7):
        state.add_order(sim_order(number, minutes_ago(clock, 50 - number)))
    clock.advance(minutes=3)
    bodies = _pages(http, {"maxResultsPerPage": "3"})
    assert [len(b["orders"]) for b in bodies] == [3, 3, 1]
    assert [o["orderId"] for b in bodies for o in b["orders"]] == [f"302-{n:07d}-{n:07d}" for n in range(7)]


def test_a_page_asked_with_other_parameters_is_refused_but_page_size_and_blocks_may_change(
    http: TestClient, state: AmazonSimulatorState, clock: FakeClock
) -> None:
    for number in range(4):
        state.add_order(sim_order(number, minutes_ago(clock, 50 - number)))
    first = _updated_since(http, 60, maxResultsPerPage="2").json()
    token = first["pagination"]["nextToken"]
    other = http.get(
        ORDERS, params={"marketplaceIds": DE, "lastUpdatedAfter": AFTER, "paginationToken": token}
    )
    assert other.status_code == 400 and "same parameters" in other.json()["errors"][0]["message"]
    same = _updated_since(http, 60, maxResultsPerPage="5", includedData="BUYER", paginationToken=token)
    assert [o["orderId"] for o in same.json()["orders"]] == ["302-0000002-0000002", "302-0000003-0000003"]


def test_a_pagination_token_expires_after_24_hours(
    http: TestClient, state: AmazonSimulatorState, clock: FakeClock
) -> None:
    for number in range(3):
        state.add_order(sim_order(number, minutes_ago(clock, 50 - number)))
    query = {"marketplaceIds": DE, "lastUpdatedAfter": AFTER, "lastUpdatedBefore": "2026-11-02T08:55:00Z",
             "maxResultsPerPage": "1"}  # fmt: skip
    token = http.get(ORDERS, params=query).json()["pagination"]["nextToken"]

    def later(hours: int) -> None:  # and with a fresh access token
        clock.advance(hours=hours)
        http.headers["x-amz-access-token"] = state.issue_token()[0]

    later(23)
    assert http.get(ORDERS, params=query | {"paginationToken": token}).status_code == 200
    later(2)
    expired = http.get(ORDERS, params=query | {"paginationToken": token})
    assert expired.status_code == 400 and "expired" in expired.json()["errors"][0]["message"]


def test_an_order_changing_while_paging_shifts_no_other_order_out(http: TestClient, state: AmazonSimulatorState,
                                                                   clock: FakeClock) -> None:  # fmt: skip
    for number in range(4):
        state.add_order(sim_order(number, minutes_ago(clock, 50 - number)))
    clock.advance(minutes=3)
    first = _updated_since(http, 60, maxResultsPerPage="2").json()
    state.authorise(first["orders"][0]["orderId"])  # leaves the window: updated just now
    token = first["pagination"]["nextToken"]
    rest = _updated_since(http, 60, maxResultsPerPage="2", paginationToken=token).json()
    assert [o["orderId"] for o in rest["orders"]] == ["302-0000002-0000002", "302-0000003-0000003"]


@pytest.mark.parametrize(("params", "expected"), [({"fulfillmentStatuses": "PENDING"}, [1]),
                                                  ({"fulfilledBy": "AMAZON"}, [2]),
                                                  ({"fulfillmentStatuses": "UNSHIPPED,PENDING"}, [0, 1, 2])])  # fmt: skip
def test_search_orders_filters(http: TestClient, state: AmazonSimulatorState, clock: FakeClock,
                               params: dict[str, str], expected: list[int]) -> None:  # fmt: skip
    state.add_order(sim_order(0, minutes_ago(clock, 30)))
    state.add_order(sim_order(1, minutes_ago(clock, 30), status="Pending"))
    afn = sim_order(2, minutes_ago(clock, 30))
    afn.fulfillment_channel = "AFN"
    state.add_order(afn)
    orders = _updated_since(http, 60, **params).json()["orders"]
    assert sorted(o["orderId"] for o in orders) == [f"302-{n:07d}-{n:07d}" for n in expected]


# -- the removed v0 read operations ---------------------------------------------------------------


@pytest.mark.parametrize("path", ["", "/302-0000001-0000001", "/302-0000001-0000001/orderItems",
                                  "/302-0000001-0000001/address", "/302-0000001-0000001/buyerInfo",
                                  "/302-0000001-0000001/orderItems/buyerInfo"])  # fmt: skip
def test_v0_read_operations_answer_as_after_their_removal(
    http: TestClient, state: AmazonSimulatorState, path: str
) -> None:
    state.add_order(sim_order(1, minutes_ago(state.clock, 30)))
    response = http.get(V0 + path, params={"MarketplaceIds": DE, "CreatedAfter": AFTER})
    assert response.status_code == 404
    assert "removed on 27 March 2027" in response.json()["errors"][0]["message"]
    assert len(state.removed_calls) == 1


# -- rate limits ---------------------------------------------------------------------------------


def test_success_carries_the_rate_limit_and_request_id_headers(
    http: TestClient, state: AmazonSimulatorState
) -> None:
    response = _updated_since(http, 60)
    assert response.headers["x-amzn-RateLimit-Limit"] == "0.0056"
    assert response.headers["x-amzn-RequestId"]
    state.add_order(sim_order(1, minutes_ago(state.clock, 30)))
    assert http.get(f"{ORDERS}/302-0000001-0000001").headers["x-amzn-RateLimit-Limit"] == "0.5"


def test_an_empty_bucket_answers_429_quota_exceeded(http: TestClient) -> None:
    statuses = [_updated_since(http, 60).status_code for _ in range(21)]
    assert statuses == [200] * 20 + [429]
    refused = _updated_since(http, 60)
    assert refused.json()["errors"][0]["code"] == "QuotaExceeded"
    assert "x-amzn-RateLimit-Limit" not in refused.headers


def test_get_order_has_its_own_bucket_of_30(http: TestClient, state: AmazonSimulatorState) -> None:
    state.add_order(sim_order(1, minutes_ago(state.clock, 30)))
    statuses = [http.get(f"{ORDERS}/302-0000001-0000001").status_code for _ in range(31)]
    assert statuses == [200] * 30 + [429]
    assert _updated_since(http, 60).status_code == 200


def test_buckets_refill_at_the_rate_times_the_speedup(http: TestClient, state: AmazonSimulatorState,
                                                      clock: FakeClock) -> None:  # fmt: skip
    state.speedup = 180
    for _ in range(20):
        _updated_since(http, 60)
    assert _updated_since(http, 60).status_code == 429
    clock.advance(seconds=1)
    refilled = _updated_since(http, 60)
    assert refilled.status_code == 200
    assert refilled.headers["x-amzn-RateLimit-Limit"] == "1.008"


def test_rate_limits_can_be_switched_off(http: TestClient, state: AmazonSimulatorState) -> None:
    state.rate_limits = False
    assert {_updated_since(http, 60).status_code for _ in range(40)} == {200}


# -- order lifecycle -------------------------------------------------------------------------------


def test_pending_order_has_no_proceeds_no_recipient_and_unpriced_items(
    http: TestClient, state: AmazonSimulatorState
) -> None:
    order = state.add_order(sim_order(1, minutes_ago(state.clock, 30), status="Pending"))
    shown = _order(http, order.amazon_order_id)
    assert "proceeds" not in shown and "recipient" not in shown
    assert shown["fulfillment"]["fulfillmentStatus"] == "PENDING"
    assert all("price" not in i["product"] and "proceeds" not in i for i in shown["orderItems"])


def test_authorising_shows_prices_address_and_bumps_the_update_time(
    http: TestClient, state: AmazonSimulatorState, clock: FakeClock
) -> None:
    order = state.add_order(sim_order(1, minutes_ago(clock, 30), status="Pending"))
    before = _order(http, order.amazon_order_id)["lastUpdatedTime"]
    clock.advance(minutes=1)
    state.authorise(order.amazon_order_id)
    shown = _order(http, order.amazon_order_id)
    assert shown["fulfillment"]["fulfillmentStatus"] == "UNSHIPPED"
    assert shown["proceeds"]["grandTotal"] == {"amount": "56.86", "currencyCode": "EUR"}
    assert shown["recipient"]["deliveryAddress"]["city"] == "Berlin"
    assert shown["lastUpdatedTime"] > before
    assert shown["orderItems"][0]["product"]["price"]["unitPrice"] == {
        "amount": "12.99",
        "currencyCode": "EUR",
    }


def test_a_tip_and_an_order_discount_are_order_level_proceeds(
    http: TestClient, state: AmazonSimulatorState
) -> None:
    order = sim_order(1, minutes_ago(state.clock, 30))
    order.delivery_tip, order.order_discount = order.delivery_tip + 3, order.order_discount + 1
    state.add_order(order)
    proceeds = _order(http, order.amazon_order_id)["proceeds"]
    assert proceeds["grandTotal"]["amount"] == "58.86"
    kinds = {b["type"]: b["subtotal"]["amount"] for b in proceeds["breakdowns"]}
    assert (kinds["DELIVERY_TIP"], kinds["DISCOUNT"]) == ("3.00", "-1.00")


def test_without_the_personal_data_roles_names_street_lines_and_phones_are_missing(
    http: TestClient, state: AmazonSimulatorState
) -> None:
    state.personal_data = False
    order = state.add_order(sim_order(1, minutes_ago(state.clock, 30)))
    shown = _order(http, order.amazon_order_id)
    assert set(shown["recipient"]["deliveryAddress"]) == {"postalCode", "city", "countryCode", "addressType"}
    assert "buyerName" not in shown["buyer"]


def test_a_cancellation_request_shows_on_the_items_until_withdrawn(
    http: TestClient, state: AmazonSimulatorState
) -> None:
    order = state.add_order(sim_order(1, minutes_ago(state.clock, 30)))
    state.request_cancellation(order.amazon_order_id, "Found it cheaper")
    item = _order(http, order.amazon_order_id)["orderItems"][0]
    assert item["cancellation"] == {
        "cancellationRequest": {"requester": "BUYER", "cancelReason": "Found it cheaper"}
    }
    state.withdraw_cancellation(order.amazon_order_id)
    assert "cancellation" not in _order(http, order.amazon_order_id)["orderItems"][0]


def test_a_parcel_shipped_in_seller_central_is_listed_in_packages(
    http: TestClient, state: AmazonSimulatorState
) -> None:
    order = state.add_order(sim_order(1, minutes_ago(state.clock, 30)))
    state.ship(order.amazon_order_id, tracking=("DPD", "15501234567890"))
    shown = _order(http, order.amazon_order_id)
    [package] = shown["packages"]
    assert (package["carrier"], package["trackingNumber"]) == ("DPD", "15501234567890")
    assert shown["fulfillment"]["fulfillmentStatus"] == "SHIPPED"
    assert all(i["fulfillment"]["quantityUnfulfilled"] == 0 for i in shown["orderItems"])


# -- shipment confirmation (v0) ---------------------------------------------------------------------


def _confirmation(
    order_item_id: str, quantity: int, ship_date: str = "2026-11-02T10:00:00Z"
) -> dict[str, Any]:
    return {"marketplaceId": DE, "packageDetail": {"packageReferenceId": "1", "carrierCode": "DHL",
            "trackingNumber": "00340434", "shipDate": ship_date,
            "orderItems": [{"orderItemId": order_item_id, "quantity": quantity}]}}  # fmt: skip


def test_confirm_shipment_answers_204_ships_the_items_and_lists_the_package(
    http: TestClient, state: AmazonSimulatorState
) -> None:
    order = state.add_order(sim_order(1, minutes_ago(state.clock, 30)))
    first = order.items[0].order_item_id
    response = http.post(f"{V0}/{order.amazon_order_id}/shipmentConfirmation", json=_confirmation(first, 2))
    assert response.status_code == 204
    shown = _order(http, order.amazon_order_id)
    assert shown["fulfillment"]["fulfillmentStatus"] == "PARTIALLY_SHIPPED"
    assert [i["fulfillment"]["quantityFulfilled"] for i in shown["orderItems"]] == [2, 0]
    assert [(p["carrier"], p["trackingNumber"]) for p in shown["packages"]] == [("DHL", "00340434")]
    assert state.confirmations[0]["order_id"] == order.amazon_order_id


@pytest.mark.parametrize(
    ("item", "quantity", "ship_date", "message"),
    [
        ("0", 3, "2026-11-02T10:00:00Z", "exceeds the unshipped 2"),
        ("unknown", 1, "2026-11-02T10:00:00Z", "is not an item"),
        ("0", 1, "02/21/2022", "ISO 8601"),
    ],
)  # fmt: skip
def test_confirm_shipment_refuses_invalid_packages(http: TestClient, state: AmazonSimulatorState, item: str,
                                                   quantity: int, ship_date: str, message: str) -> None:  # fmt: skip
    order = state.add_order(sim_order(1, minutes_ago(state.clock, 30)))
    item_id = order.items[0].order_item_id if item == "0" else item
    response = http.post(f"{V0}/{order.amazon_order_id}/shipmentConfirmation",
                         json=_confirmation(item_id, quantity, ship_date))  # fmt: skip
    assert response.status_code == 400
    assert message in response.json()["errors"][0]["message"]
    assert state.confirmations == []


def test_pending_orders_cannot_be_shipped(http: TestClient, state: AmazonSimulatorState) -> None:
    order = state.add_order(sim_order(1, minutes_ago(state.clock, 30), status="Pending"))
    body = _confirmation(order.items[0].order_item_id, 1)
    assert http.post(f"{V0}/{order.amazon_order_id}/shipmentConfirmation", json=body).status_code == 400


# -- faults and the generator ----------------------------------------------------------------------


def test_injected_faults_answer_once_each_then_normal_service(
    http: TestClient, state: AmazonSimulatorState
) -> None:
    state.fail_next("searchOrders", 500, count=2)
    state.fail_next("searchOrders", 200, body="<html>maintenance</html>")
    statuses = [_updated_since(http, 60) for _ in range(4)]
    assert [r.status_code for r in statuses] == [500, 500, 200, 200]
    assert statuses[2].text == "<html>maintenance</html>"
    assert statuses[3].json()["orders"] == []


def test_corrupt_renders_malformed_fields_until_repaired(
    http: TestClient, state: AmazonSimulatorState
) -> None:
    order = state.add_order(sim_order(1, minutes_ago(state.clock, 30)))
    state.corrupt(order.amazon_order_id, createdTime="yesterday")
    assert _order(http, order.amazon_order_id)["createdTime"] == "yesterday"
    state.repair(order.amazon_order_id)
    assert _order(http, order.amazon_order_id)["createdTime"] != "yesterday"


def test_generator_is_deterministic_per_seed(clock: FakeClock) -> None:
    def ids(seed: int) -> list[str]:
        return [o.amazon_order_id for o in generate_orders(simulator(clock), 5, seed=seed)]

    assert ids(3) == ids(3)
    assert ids(3) != ids(4)
