"""The JTL-Connector simulator speaks the connector-core wire format: form-POSTed JSON-RPC packets."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from simulators.jtl_connector.app import ConnectorShop, create_app
from simulators.jtl_connector.orders import generate_orders
from testkit.channel_plugins import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 5, 4, 12, 0, tzinfo=UTC))


@pytest.fixture
def shop(clock: FakeClock) -> ConnectorShop:
    shop = ConnectorShop(token="s3cret", clock=clock, session_ttl_seconds=600)
    shop.add_generated_orders(12, seed=7)
    return shop


@pytest.fixture
def http(shop: ConnectorShop) -> TestClient:
    return TestClient(create_app(shop))


def rpc(http: TestClient, method: str, params: Any = None, session: str | None = None) -> dict[str, Any]:
    packet: dict[str, Any] = {"jtlrpc": "2.0", "method": method, "id": "req-1"}
    if params is not None:
        packet["params"] = params
    form = {"jtlrpc": json.dumps(packet)} | ({"jtlauth": session} if session else {})
    response = http.post("/jtlconnector/", data=form)
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def session(http: TestClient) -> str:
    return str(rpc(http, "core.connector.auth", {"token": "s3cret"})["result"]["sessionId"])


def test_auth_with_the_right_token_opens_a_session(http: TestClient) -> None:
    answer = rpc(http, "core.connector.auth", {"token": "s3cret"})
    assert answer["error"] is None and answer["result"]["lifetime"] == 600 and answer["result"]["sessionId"]
    assert set(answer) == {"jtlrpc", "id", "result", "error", "warnings"} and answer["id"] == "req-1"


def test_a_wrong_token_is_error_790(http: TestClient) -> None:
    error = rpc(http, "core.connector.auth", {"token": "guess"})["error"]
    assert error["code"] == 790 and "(Code: 790)" in error["data"]


def test_a_call_without_jtlauth_is_error_789(http: TestClient) -> None:
    assert rpc(http, "connector.identify")["error"]["code"] == 789


def test_an_unknown_session_is_error_minus_32000(http: TestClient) -> None:
    assert rpc(http, "connector.identify", session="nope")["error"]["code"] == -32000


def test_a_session_expires_after_its_ttl_of_inactivity(
    http: TestClient, session: str, clock: FakeClock
) -> None:
    clock.advance(seconds=599)
    assert rpc(http, "connector.identify", session=session)["error"] is None
    clock.advance(seconds=601)
    assert rpc(http, "connector.identify", session=session)["error"]["code"] == -32000


def test_expiring_all_sessions_invalidates_open_ones(
    http: TestClient, session: str, shop: ConnectorShop
) -> None:
    shop.expire_all_sessions()
    assert rpc(http, "connector.identify", session=session)["error"]["code"] == -32000


@pytest.mark.parametrize(
    ("form", "code"),
    [
        ({}, -32600),
        ({"jtlrpc": "{not json"}, -32700),
        ({"jtlrpc": json.dumps({"jtlrpc": "1.0", "method": "connector.identify", "id": "1"})}, -32600),
        ({"jtlrpc": json.dumps({"jtlrpc": "2.0", "method": "identify", "id": "1"})}, -32600),
        ({"jtlrpc": json.dumps({"jtlrpc": "2.0", "method": "connector.identify", "id": ""})}, -32600),
    ],
)
def test_invalid_packets_get_an_error_envelope_with_http_200(
    http: TestClient, form: dict[str, str], code: int
) -> None:
    response = http.post("/", data=form)
    assert response.status_code == 200 and response.json()["error"]["code"] == code


def test_multipart_forms_and_jtlauth_in_the_query_string_are_read(http: TestClient, session: str) -> None:
    packet = json.dumps({"jtlrpc": "2.0", "method": "connector.identify", "id": "7"})
    response = http.post(f"/?jtlauth={session}", files={"jtlrpc": (None, packet)})
    assert response.json()["result"]["protocolVersion"] == 7


def test_identify_reports_protocol_version_7(http: TestClient, session: str) -> None:
    assert rpc(http, "core.connector.identify", session=session)["result"]["protocolVersion"] == 7


def test_features_offer_order_pull_status_and_delivery_push_and_payment_pull(
    http: TestClient, session: str
) -> None:
    features = rpc(http, "core.connector.features", session=session)["result"]
    entities = features["entities"]
    assert entities["CustomerOrder"]["pull"] and entities["StatusChange"]["push"]
    assert entities["DeliveryNote"]["push"] and entities["Payment"]["pull"]
    assert features["flags"]["needs_finish_call"] is True


def test_pull_returns_unmapped_orders_up_to_the_limit_newest_first(http: TestClient, session: str) -> None:
    orders = rpc(http, "customer_order.pull", {"limit": 5, "filters": {}}, session)["result"]
    assert len(orders) == 5
    assert [o["creationDate"] for o in orders] == sorted((o["creationDate"] for o in orders), reverse=True)
    assert isinstance(orders[0]["id"], list) and orders[0]["id"][1] == 0
    assert isinstance(orders[0]["items"][0]["quantity"], float)


def test_statistic_counts_the_unmapped_orders(http: TestClient, session: str) -> None:
    result = rpc(http, "CustomerOrder.statistic", {"limit": 0}, session)["result"]
    assert result == {"available": 12, "controllerName": "CustomerOrder"}


def test_acknowledged_orders_are_not_pulled_again(
    http: TestClient, session: str, shop: ConnectorShop
) -> None:
    first = rpc(http, "customer_order.pull", {"limit": 5}, session)["result"]
    pairs = [[o["id"][0], 900 + n] for n, o in enumerate(first)]
    assert (
        rpc(http, "core.connector.ack", {"identities": {"customerOrder": pairs}}, session)["result"] is True
    )
    again = rpc(http, "customer_order.pull", {"limit": 100}, session)["result"]
    assert len(again) == 7 and not {o["id"][0] for o in again} & {o["id"][0] for o in first}
    assert shop.links["customerOrder"][first[0]["id"][0]] == 900


def test_without_an_ack_the_same_orders_are_delivered_again(http: TestClient, session: str) -> None:
    first = rpc(http, "customer_order.pull", {"limit": 5}, session)["result"]
    assert rpc(http, "customer_order.pull", {"limit": 5}, session)["result"] == first


def test_unknown_identity_types_in_an_ack_are_skipped_with_a_warning(http: TestClient, session: str) -> None:
    answer = rpc(http, "core.connector.ack", {"identities": {"spaceship": [["1", 2]]}}, session)
    assert answer["result"] is True and answer["warnings"] == ["Unknown identity type spaceship, skipped"]


def test_clearing_the_links_makes_acknowledged_orders_pullable_again(http: TestClient, session: str) -> None:
    rpc(http, "core.connector.ack", {"identities": {"customerOrder": [["1000", 1]]}}, session)
    rpc(http, "core.linker.clear", None, session)
    assert rpc(http, "customer_order.statistic", {"limit": 0}, session)["result"]["available"] == 12


def test_a_status_change_push_changes_what_the_shopper_sees(
    http: TestClient, session: str, shop: ConnectorShop
) -> None:
    shop.set_status("1003", "new", "unpaid")
    model = {"customerOrderId": ["1003", 5], "orderStatus": "shipped", "paymentStatus": "completed"}
    assert rpc(http, "status_change.push", [model], session)["result"] == [model]
    assert shop.shopper_status("1003") == "wc-completed"
    assert [(c.order_status, c.payment_status) for c in shop.status_changes_for("1003")] == [
        ("shipped", "completed")
    ]


def test_a_push_for_an_unknown_order_warns_instead_of_crashing(http: TestClient, session: str) -> None:
    model = {"customerOrderId": ["9999", 5], "orderStatus": "cancelled", "paymentStatus": ""}
    answer = rpc(http, "status_change.push", [model], session)
    assert answer["error"] is None and "9999" in answer["warnings"][0]


def test_a_delivery_note_push_stores_tracking_and_fills_the_endpoint_id(
    http: TestClient, session: str, shop: ConnectorShop
) -> None:
    note = {
        "id": ["", 42],
        "customerOrderId": ["1004", 0],
        "trackingLists": [{"name": "DHL", "codes": ["0034"]}],
    }
    answer = rpc(http, "delivery_note.push", [note], session)
    assert answer["result"][0]["id"][0].startswith("dn_") and answer["result"][0]["id"][1] == 42
    rpc(http, "delivery_note.push", [note], session)  # the same hostId again: an update, not a second note
    assert shop.tracking("1004") == [("DHL", "0034")]


def test_payment_pull_lists_paid_orders(http: TestClient, session: str, shop: ConnectorShop) -> None:
    shop.set_status("1005", payment_status="completed")
    payments = rpc(http, "payment.pull", {"limit": 100}, session)["result"]
    assert "1005" in {p["customerOrderId"][0] for p in payments}


def test_finish_ends_the_session(http: TestClient, session: str) -> None:
    assert rpc(http, "connector.finish", session=session)["result"] is True
    assert rpc(http, "connector.identify", session=session)["error"]["code"] == -32000


@pytest.mark.parametrize(("method", "code"), [("spaceship.pull", 33000), ("customer_order.launch", 33001)])
def test_unknown_controllers_and_actions_are_errors(
    http: TestClient, session: str, method: str, code: int
) -> None:
    assert rpc(http, method, None, session)["error"]["code"] == code


def test_injected_exceptions_become_error_envelopes(
    http: TestClient, session: str, shop: ConnectorShop
) -> None:
    shop.inject_error("customer_order.pull", code=500, message="Deadlock found")
    error = rpc(http, "customer_order.pull", {"limit": 1}, session)["error"]
    assert (error["code"], error["message"]) == (500, "Deadlock found") and "(Code: 500)" in error["data"]
    assert rpc(http, "customer_order.pull", {"limit": 1}, session)["error"] is None


def test_injected_http_errors_and_garbage_are_not_envelopes(http: TestClient, shop: ConnectorShop) -> None:
    shop.inject_http_status(503)
    shop.inject_garbage()
    packet = json.dumps({"jtlrpc": "2.0", "method": "connector.identify", "id": "1"})
    assert http.post("/", data={"jtlrpc": packet}).status_code == 503
    garbage = http.post("/", data={"jtlrpc": packet})
    assert garbage.status_code == 200 and garbage.text.startswith("<html>")


def test_an_injected_delay_slows_the_answer(http: TestClient, session: str, shop: ConnectorShop) -> None:
    shop.inject_delay(0.3, "connector.identify")
    started = time.monotonic()
    rpc(http, "connector.identify", session=session)
    assert time.monotonic() - started >= 0.3


def test_generated_orders_have_every_item_type_and_guests_and_repeat_from_a_seed() -> None:
    orders = generate_orders(60, seed=11)
    assert orders == generate_orders(60, seed=11)
    kinds = {item["type"] for order in orders for item in order["items"]}
    assert kinds == {"product", "shipping", "coupon", "discount", "surcharge"}
    assert any(o["customerId"][0].startswith("g_") for o in orders)
    registered = [o["customerId"][0] for o in orders if not o["customerId"][0].startswith("g_")]
    assert len(set(registered)) < len(registered)  # repeat buyers


def test_a_malformed_order_is_served_like_any_other(
    http: TestClient, session: str, shop: ConnectorShop
) -> None:
    endpoint_id = shop.add_malformed_order("fractional_quantity")
    orders = rpc(http, "customer_order.pull", {"limit": 100}, session)["result"]
    assert 1.5 in [i["quantity"] for o in orders if o["id"][0] == endpoint_id for i in o["items"]]
