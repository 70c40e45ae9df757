"""The official model's own sandbox examples: served verbatim by the simulator and imported by orderhub."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

from simulators.amazon.app import create_app
from simulators.amazon.sandbox import EXAMPLES, example_orders
from simulators.amazon.state import AmazonSimulatorState
from simulators.server import BackgroundServer
from tests.integration.channels.amazon_model import sandbox_examples
from tests.support.harness import Harness

CHANNEL = "amazon-sandbox"
PATHS = {"searchOrders": "/orders/2026-01-01/orders", "getOrder": "/orders/2026-01-01/orders/{orderId}"}


def test_the_simulators_copy_is_the_models_own_examples() -> None:
    assert json.loads(EXAMPLES.read_text(encoding="utf-8")) == sandbox_examples()


@pytest.fixture
def sandbox(harness: Harness) -> AmazonSimulatorState:
    return AmazonSimulatorState(clock=harness.clock, sandbox=True)


def _params(request: dict[str, Any]) -> tuple[str, dict[str, str]]:
    values = {name: spec["value"] for name, spec in request.items()}
    order_id = values.pop("orderId", None)
    query = {name: ",".join(v) if isinstance(v, list) else v for name, v in values.items()}
    return (order_id or ""), query


@pytest.mark.parametrize("operation", ["searchOrders", "getOrder"])
def test_every_example_is_answered_verbatim(sandbox: AmazonSimulatorState, operation: str) -> None:
    with TestClient(create_app(sandbox)) as http:
        http.headers["x-amz-access-token"] = sandbox.issue_token()[0]
        for example in sandbox_examples()[operation]:
            order_id, query = _params(example["request"])
            response = http.get(PATHS[operation].format(orderId=order_id), params=query)
            assert (response.status_code, response.json()) == (example["status"], example["response"])


@pytest.fixture
def imported(harness: Harness, sandbox: AmazonSimulatorState) -> Iterator[dict[str, dict[str, Any]]]:
    sandbox.load_sandbox_orders()
    with BackgroundServer(create_app(sandbox)) as running:
        settings = sandbox.channel_settings(running.url) | {"initial_lookback_days": 730, "marketplace_ids": [
            "A1VC38T7YXB528", "A1F83G8C2ARO7P", "A2Q3Y263D00KWC", "ATVPDKIKX0DER", "A33AVAJ2PDY3EV"]}  # fmt: skip
        harness.register_channel(CHANNEL, "amazon", settings)
        summary = harness.sync(CHANNEL)
        assert summary["complete"] and summary["quarantined"] == 0, summary
        yield {o["source"]["external_id"]: harness.order(o["id"]) for o in harness.orders(channel=CHANNEL)}


def test_the_examples_import_with_amazons_totals_and_status(imported: dict[str, dict[str, Any]]) -> None:
    examples = example_orders()
    assert set(imported) == set(examples)
    status = {"UNSHIPPED": "paid", "SHIPPED": "shipped", "PENDING": "pending", "CANCELLED": "cancelled"}
    for order_id, raw in examples.items():
        order = imported[order_id]
        assert Decimal(order["total"]) == Decimal(raw["proceeds"]["grandTotal"]["amount"]), order_id
        assert order["currency"] == raw["proceeds"]["grandTotal"]["currencyCode"]
        assert order["status"] == status[raw["fulfillment"]["fulfillmentStatus"]]
        address = raw.get("recipient", {}).get("deliveryAddress")
        assert (order["shipping_address"] or {}).get("city") == (address or {}).get("city")


def test_the_examples_bring_tracking_units_and_buyers(
    harness: Harness, imported: dict[str, dict[str, Any]]
) -> None:
    assert imported["202-7654321-1098765"]["tracking"] == [
        {"carrier": "DPD", "number": "15501234567890123456"}
    ]
    tablets = imported["028-1234567-8901234"]["lines"]
    assert [(line["quantity"], line["unit_price"]) for line in tablets] == [(2, "62.50")]
    business = harness.client.get(
        f"/api/v1/customers/{imported['171-2345678-9012345']['customer_id']}"
    ).json()
    assert (business["name"], business["company"]) == ("Carlos Oliveira", "Oliveira Tecnologia Ltda")
