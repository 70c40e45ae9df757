"""The Amazon simulator speaks SP-API Orders v0: wire format, rules, limits, lifecycle, faults."""

from __future__ import annotations

import base64
import copy
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft4Validator

from simulators.amazon.app import create_app
from simulators.amazon.generator import generate_orders
from simulators.amazon.state import AmazonSimulatorState
from testkit.channel_plugins import FakeClock
from tests.integration.channels.amazon_fixtures import DE, T0, minutes_ago, sim_order, simulator

SPEC = Path(__file__).resolve().parents[3] / "../shared/reference/specs/amazon-sp-api-orders-v0.json"
ORDERS = "/orders/v0/orders"


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


def _strict(node: Any) -> Any:
    """The model with additionalProperties=false wherever it lists properties: catches misspelt fields."""
    if isinstance(node, dict):
        copied = {k: _strict(v) for k, v in node.items()}
        if "properties" in copied and "additionalProperties" not in copied:
            copied["additionalProperties"] = False
        return copied
    if isinstance(node, list):
        return [_strict(v) for v in node]
    return node


@pytest.fixture(scope="module")
def conforms() -> Any:
    if not SPEC.exists():
        pytest.skip(f"official SP-API model not found at {SPEC} (CI lays shared/ beside the clone)")
    definitions = _strict(json.loads(SPEC.read_text())["definitions"])

    def check(body: Any, definition: str) -> None:
        schema = {"$ref": f"#/definitions/{definition}", "definitions": copy.deepcopy(definitions)}
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in Draft4Validator(schema).iter_errors(body)]
        assert errors == [], errors

    return check


def _updated_since(http: TestClient, minutes: float, **params: Any) -> Any:
    clock_now = http.app.state.amazon.clock.now()  # type: ignore[attr-defined]
    query = {"MarketplaceIds": DE, "LastUpdatedAfter": (clock_now - timedelta(minutes=minutes)).isoformat()}
    return http.get(ORDERS, params=query | params)


# -- conformance with the official model ---------------------------------------------------------


def test_get_orders_conforms_to_the_model(http: TestClient, state: AmazonSimulatorState, clock: FakeClock,
                                          conforms: Any) -> None:  # fmt: skip
    generate_orders(state, 12, seed=7)
    clock.advance(minutes=10)
    response = http.get(ORDERS, params={"MarketplaceIds": DE, "CreatedAfter": "2026-10-01T00:00:00Z"})
    assert response.status_code == 200
    conforms(response.json(), "GetOrdersResponse")
    assert len(response.json()["payload"]["Orders"]) == 12


def test_get_order_items_conforms_to_the_model(http: TestClient, state: AmazonSimulatorState,
                                               conforms: Any) -> None:  # fmt: skip
    order = state.add_order(sim_order(1, minutes_ago(state.clock, 30)))
    response = http.get(f"{ORDERS}/{order.amazon_order_id}/orderItems")
    conforms(response.json(), "GetOrderItemsResponse")


def test_get_order_conforms_to_the_model(
    http: TestClient, state: AmazonSimulatorState, conforms: Any
) -> None:
    order = state.add_order(sim_order(1, minutes_ago(state.clock, 30), status="Pending"))
    conforms(http.get(f"{ORDERS}/{order.amazon_order_id}").json(), "GetOrderResponse")


def test_error_bodies_conform_to_the_model(http: TestClient, conforms: Any) -> None:
    conforms(http.get(ORDERS, params={"CreatedAfter": "2026-10-01T00:00:00Z"}).json(), "GetOrdersResponse")
    conforms(http.get(f"{ORDERS}/302-0000000-0000000/orderItems").json(), "GetOrderItemsResponse")


def test_a_shipment_request_built_by_the_channel_conforms_to_the_model(conforms: Any) -> None:
    from datetime import UTC, datetime

    from adapters.channels.amazon.shipment import confirmation_body
    from domain.order_line import Tracking

    body = confirmation_body(DE, "push-1", Tracking(carrier="DHL", number="0034"), datetime.now(UTC),
                             [{"orderItemId": "1", "quantity": 1}])  # fmt: skip
    conforms(body, "ConfirmShipmentRequest")


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
        denied = client.get(ORDERS, params={"MarketplaceIds": DE})
        unauthorised = client.post(f"{ORDERS}/1/shipmentConfirmation", json={})
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


# -- getOrders rules -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"CreatedAfter": "2026-10-01T00:00:00Z"}, "MarketplaceIds"),
        ({"MarketplaceIds": DE}, "Either CreatedAfter or LastUpdatedAfter"),
        ({"MarketplaceIds": DE, "CreatedAfter": "2026-10-01T00:00:00Z", "LastUpdatedAfter": "2026-10-01T00:00:00Z"},
         "cannot be combined"),
        ({"MarketplaceIds": DE, "CreatedAfter": "2026-10-01T00:00:00Z", "LastUpdatedBefore": "2026-10-02T00:00:00Z"},
         "cannot be combined"),
        ({"MarketplaceIds": DE, "LastUpdatedAfter": "2026-11-02T08:00:00Z",
          "LastUpdatedBefore": "2026-11-02T08:59:00Z"}, "at least 2 minutes"),
        ({"MarketplaceIds": DE, "LastUpdatedAfter": "2026-11-02T08:00:00Z",
          "LastUpdatedBefore": "2026-11-02T07:00:00Z"}, "equal to or after"),
        ({"MarketplaceIds": DE, "LastUpdatedAfter": "yesterday"}, "ISO 8601"),
        ({"MarketplaceIds": DE, "LastUpdatedAfter": "2026-11-02T08:00:00Z", "MaxResultsPerPage": "0"}, "1 and 100"),
        ({"MarketplaceIds": DE, "LastUpdatedAfter": "2026-11-02T08:00:00Z", "MaxResultsPerPage": "101"},
         "1 and 100"),
        ({"MarketplaceIds": DE, "LastUpdatedAfter": "2026-11-02T08:00:00Z", "NextToken": "bm9wZQ"}, "NextToken"),
    ],
)  # fmt: skip
def test_get_orders_refuses_invalid_windows_with_invalid_input(http: TestClient, params: dict[str, str],
                                                               message: str) -> None:  # fmt: skip
    response = http.get(ORDERS, params=params)
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["code"] == "InvalidInput"
    assert message in error["message"]


def test_get_orders_echoes_last_updated_before_two_minutes_ago_by_default(http: TestClient) -> None:
    payload = _updated_since(http, 60).json()["payload"]
    assert payload["LastUpdatedBefore"] == "2026-11-02T08:58:00Z"
    assert "CreatedBefore" not in payload


def test_get_orders_echoes_created_before(http: TestClient) -> None:
    response = http.get(ORDERS, params={"MarketplaceIds": DE, "CreatedAfter": "2026-11-01T00:00:00Z",
                                        "CreatedBefore": "2026-11-01T12:00:00Z"})  # fmt: skip
    assert response.json()["payload"]["CreatedBefore"] == "2026-11-01T12:00:00Z"


def test_next_token_pages_through_with_the_filters_as_first_sent(http: TestClient, state: AmazonSimulatorState,
                                                                  clock: FakeClock) -> None:  # fmt: skip
    for number in range(7):
        state.add_order(sim_order(number, minutes_ago(clock, 50 - number)))
    clock.advance(minutes=3)
    seen, token, pages = [], None, 0
    while True:
        params = {"MarketplaceIds": DE, "NextToken": token} if token else {"MaxResultsPerPage": "3"}
        response = http.get(ORDERS, params=params) if token else _updated_since(http, 60, **params)
        payload = response.json()["payload"]
        seen += [o["AmazonOrderId"] for o in payload["Orders"]]
        pages += 1
        token = payload.get("NextToken")
        if not token:
            break
        json.loads(base64.urlsafe_b64decode(token))  # opaque to clients, base64 of the cursor here
    assert pages == 3
    assert seen == [f"302-{n:07d}-{n:07d}" for n in range(7)]


def test_an_order_changing_while_paging_shifts_no_other_order_out(http: TestClient, state: AmazonSimulatorState,
                                                                   clock: FakeClock) -> None:  # fmt: skip
    for number in range(4):
        state.add_order(sim_order(number, minutes_ago(clock, 50 - number)))
    clock.advance(minutes=3)
    first = _updated_since(http, 60, MaxResultsPerPage="2").json()["payload"]
    state.authorise(first["Orders"][0]["AmazonOrderId"])  # leaves the window: updated just now
    rest = http.get(ORDERS, params={"MarketplaceIds": DE, "NextToken": first["NextToken"]}).json()["payload"]
    assert [o["AmazonOrderId"] for o in rest["Orders"]] == ["302-0000002-0000002", "302-0000003-0000003"]


@pytest.mark.parametrize(("params", "expected"), [({"OrderStatuses": "Pending"}, [1]),
                                                  ({"FulfillmentChannels": "AFN"}, [2]),
                                                  ({"AmazonOrderIds": "302-0000000-0000000,302-0000002-0000002"}, [0, 2])])  # fmt: skip
def test_get_orders_filters(http: TestClient, state: AmazonSimulatorState, clock: FakeClock,
                            params: dict[str, str], expected: list[int]) -> None:  # fmt: skip
    state.add_order(sim_order(0, minutes_ago(clock, 30)))
    state.add_order(sim_order(1, minutes_ago(clock, 30), status="Pending"))
    afn = sim_order(2, minutes_ago(clock, 30))
    afn.fulfillment_channel = "AFN"
    state.add_order(afn)
    orders = _updated_since(http, 60, **params).json()["payload"]["Orders"]
    assert sorted(o["AmazonOrderId"] for o in orders) == [f"302-{n:07d}-{n:07d}" for n in expected]


# -- rate limits ---------------------------------------------------------------------------------


def test_success_carries_the_rate_limit_and_request_id_headers(http: TestClient) -> None:
    response = _updated_since(http, 60)
    assert response.headers["x-amzn-RateLimit-Limit"] == "0.0167"
    assert response.headers["x-amzn-RequestId"]


def test_an_empty_bucket_answers_429_quota_exceeded(http: TestClient) -> None:
    statuses = [_updated_since(http, 60).status_code for _ in range(21)]
    assert statuses == [200] * 20 + [429]
    refused = _updated_since(http, 60)
    assert refused.json()["errors"][0]["code"] == "QuotaExceeded"
    assert "x-amzn-RateLimit-Limit" not in refused.headers


def test_buckets_refill_at_the_rate_times_the_speedup(http: TestClient, state: AmazonSimulatorState,
                                                      clock: FakeClock) -> None:  # fmt: skip
    state.speedup = 60
    for _ in range(20):
        _updated_since(http, 60)
    assert _updated_since(http, 60).status_code == 429
    clock.advance(seconds=1)
    refilled = _updated_since(http, 60)
    assert refilled.status_code == 200
    assert refilled.headers["x-amzn-RateLimit-Limit"] == "1.002"


def test_rate_limits_can_be_switched_off(http: TestClient, state: AmazonSimulatorState) -> None:
    state.rate_limits = False
    assert {_updated_since(http, 60).status_code for _ in range(40)} == {200}


# -- order lifecycle and items -----------------------------------------------------------------


def test_pending_order_has_no_total_no_address_and_unpriced_items(http: TestClient,
                                                                  state: AmazonSimulatorState) -> None:  # fmt: skip
    order = state.add_order(sim_order(1, minutes_ago(state.clock, 30), status="Pending"))
    shown = http.get(f"{ORDERS}/{order.amazon_order_id}").json()["payload"]
    items = http.get(f"{ORDERS}/{order.amazon_order_id}/orderItems").json()["payload"]["OrderItems"]
    assert "OrderTotal" not in shown and "ShippingAddress" not in shown
    assert all("ItemPrice" not in item and "ShippingPrice" not in item for item in items)


def test_authorising_shows_prices_address_and_bumps_the_update_date(http: TestClient,
                                                                   state: AmazonSimulatorState,
                                                                   clock: FakeClock) -> None:  # fmt: skip
    order = state.add_order(sim_order(1, minutes_ago(clock, 30), status="Pending"))
    before = http.get(f"{ORDERS}/{order.amazon_order_id}").json()["payload"]["LastUpdateDate"]
    clock.advance(minutes=1)
    state.authorise(order.amazon_order_id)
    shown = http.get(f"{ORDERS}/{order.amazon_order_id}").json()["payload"]
    items = http.get(f"{ORDERS}/{order.amazon_order_id}/orderItems").json()["payload"]["OrderItems"]
    assert shown["OrderStatus"] == "Unshipped"
    assert shown["OrderTotal"] == {"CurrencyCode": "EUR", "Amount": "56.86"}
    assert shown["ShippingAddress"]["City"] == "Berlin"
    assert shown["LastUpdateDate"] > before
    assert items[0]["ItemPrice"] == {"CurrencyCode": "EUR", "Amount": "25.98"}  # the line total


def test_without_restricted_data_names_and_street_lines_are_stripped(http: TestClient,
                                                                     state: AmazonSimulatorState) -> None:  # fmt: skip
    state.rdt = False
    order = state.add_order(sim_order(1, minutes_ago(state.clock, 30)))
    shown = http.get(f"{ORDERS}/{order.amazon_order_id}").json()["payload"]
    assert set(shown["ShippingAddress"]) == {"PostalCode", "City", "CountryCode", "AddressType"}
    assert "BuyerName" not in shown["BuyerInfo"]


def test_order_items_page_with_their_own_next_token(http: TestClient, state: AmazonSimulatorState) -> None:
    state.items_page_size = 2
    order = state.add_order(sim_order(1, minutes_ago(state.clock, 30), items=5))
    ids, token = [], None
    while True:
        params: dict[str, str] = {"NextToken": token} if token else {}
        payload = http.get(f"{ORDERS}/{order.amazon_order_id}/orderItems", params=params).json()["payload"]
        ids += [item["OrderItemId"] for item in payload["OrderItems"]]
        token = payload.get("NextToken")
        if not token:
            break
    assert ids == [item.order_item_id for item in order.items]


# -- shipment confirmation -----------------------------------------------------------------------


def _confirmation(
    order_item_id: str, quantity: int, ship_date: str = "2026-11-02T10:00:00Z"
) -> dict[str, Any]:
    return {"marketplaceId": DE, "packageDetail": {"packageReferenceId": "1", "carrierCode": "DHL",
            "trackingNumber": "00340434", "shipDate": ship_date,
            "orderItems": [{"orderItemId": order_item_id, "quantity": quantity}]}}  # fmt: skip


def test_confirm_shipment_answers_204_and_ships_the_items(
    http: TestClient, state: AmazonSimulatorState
) -> None:
    order = state.add_order(sim_order(1, minutes_ago(state.clock, 30)))
    first = order.items[0].order_item_id
    response = http.post(
        f"{ORDERS}/{order.amazon_order_id}/shipmentConfirmation", json=_confirmation(first, 2)
    )
    assert response.status_code == 204
    shown = http.get(f"{ORDERS}/{order.amazon_order_id}").json()["payload"]
    assert (shown["OrderStatus"], shown["NumberOfItemsShipped"], shown["NumberOfItemsUnshipped"]) == (
        "PartiallyShipped", 2, 2)  # fmt: skip
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
    body = _confirmation(item_id, quantity, ship_date)
    response = http.post(f"{ORDERS}/{order.amazon_order_id}/shipmentConfirmation", json=body)
    assert response.status_code == 400
    assert message in response.json()["errors"][0]["message"]
    assert state.confirmations == []


def test_pending_orders_cannot_be_shipped(http: TestClient, state: AmazonSimulatorState) -> None:
    order = state.add_order(sim_order(1, minutes_ago(state.clock, 30), status="Pending"))
    body = _confirmation(order.items[0].order_item_id, 1)
    assert http.post(f"{ORDERS}/{order.amazon_order_id}/shipmentConfirmation", json=body).status_code == 400


# -- faults and the generator ----------------------------------------------------------------------


def test_injected_faults_answer_once_each_then_normal_service(
    http: TestClient, state: AmazonSimulatorState
) -> None:
    state.fail_next("getOrders", 500, count=2)
    state.fail_next("getOrders", 200, body="<html>maintenance</html>")
    statuses = [_updated_since(http, 60) for _ in range(4)]
    assert [r.status_code for r in statuses] == [500, 500, 200, 200]
    assert statuses[2].text == "<html>maintenance</html>"
    assert statuses[3].json()["payload"]["Orders"] == []


def test_corrupt_renders_malformed_fields_until_repaired(
    http: TestClient, state: AmazonSimulatorState
) -> None:
    order = state.add_order(sim_order(1, minutes_ago(state.clock, 30)))
    state.corrupt(order.amazon_order_id, PurchaseDate="yesterday")
    assert http.get(f"{ORDERS}/{order.amazon_order_id}").json()["payload"]["PurchaseDate"] == "yesterday"
    state.repair(order.amazon_order_id)
    assert http.get(f"{ORDERS}/{order.amazon_order_id}").json()["payload"]["PurchaseDate"] != "yesterday"


def test_generator_is_deterministic_per_seed(clock: FakeClock) -> None:
    def ids(seed: int) -> list[str]:
        return [o.amazon_order_id for o in generate_orders(simulator(clock), 5, seed=seed)]

    assert ids(3) == ids(3)
    assert ids(3) != ids(4)
