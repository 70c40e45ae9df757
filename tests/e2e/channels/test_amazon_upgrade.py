"""Upgrading an installation whose Amazon orders were imported by the Orders v0 adapter.

``amazon_v0_store.json`` holds what the v0 adapter (commit 9e5f862) stored for three orders; the
test writes those events through orderhub's own intake, then the v2026-01-01 adapter takes over
the same channel (same name and settings) against the simulator holding the same orders.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from domain.channel_order import ChannelOrder
from ports.channels import PulledOrder
from simulators.amazon.app import create_app
from simulators.amazon.state import AmazonSimulatorState
from simulators.server import BackgroundServer
from tests.integration.channels.amazon_fixtures import settings_for, sim_order
from tests.support.harness import Harness

CHANNEL = "amazon-de"
V0_STORE = json.loads(Path(__file__).with_name("amazon_v0_store.json").read_text(encoding="utf-8"))


@pytest.fixture
def upgraded(harness: Harness) -> Iterator[AmazonSimulatorState]:
    amazon = AmazonSimulatorState(clock=harness.clock)
    recorded_at = datetime.fromisoformat(V0_STORE["recorded_at"])
    for number, status in enumerate(["Unshipped", "Unshipped", "Shipped"]):  # as the v0 sync saw them
        order = sim_order(number + 1, recorded_at - timedelta(minutes=60 - number), status=status)
        order.buyer_email = (
            "same-buyer@marketplace.amazon.de" if number < 2 else "other@marketplace.amazon.de"
        )
        amazon.add_order(order)
    with BackgroundServer(create_app(amazon)) as running:
        harness.register_channel(CHANNEL, "amazon", settings_for(running.url, amazon))  # v0's settings
        v0 = [PulledOrder(order=ChannelOrder.model_validate(o["order"]), receipt=o["receipt"])
              for o in V0_STORE["orders"]]  # fmt: skip
        harness.services.sync._intake.import_page(CHANNEL, "amazon", v0, harness.clock.now())
        yield amazon


def _state(harness: Harness) -> tuple[dict[str, dict[str, Any]], int]:
    orders = harness.orders(channel=CHANNEL)
    customers = harness.client.get("/api/v1/customers", params={"limit": 100}).json()["total"]
    return {o["source"]["external_id"]: harness.order(o["id"]) for o in orders}, customers


def _types(harness: Harness, order: dict[str, Any]) -> list[str]:
    return [e["type"] for e in harness.events(order["id"])]


def test_the_first_2026_sync_adds_the_address_once_without_a_duplicate_or_a_second_customer(
    harness: Harness, upgraded: AmazonSimulatorState
) -> None:
    before, customers_before = _state(harness)
    assert len(before) == 3 and customers_before == 2
    assert all(order["shipping_address"] is None for order in before.values())  # v0 never asked for it
    harness.clock.advance(minutes=10)
    summary = harness.sync(CHANNEL)
    assert (summary["complete"], summary["imported"], summary["updated"]) == (True, 0, 3), summary
    after, customers_after = _state(harness)
    assert set(after) == set(before) and customers_after == customers_before
    for external_id, order in after.items():
        assert order["id"] == before[external_id]["id"] and order["number"] == before[external_id]["number"]
        assert order["customer_id"] == before[external_id]["customer_id"]
        assert order["shipping_address"]["street"] == "Hauptstraße 5"
        assert (order["status"], order["total"]) == (
            before[external_id]["status"],
            before[external_id]["total"],
        )
        # Same status, more content (the address v0 never gave): details, not a status change.
        assert _types(harness, order) == ["ImportedFromChannel", "DetailsSynced"]
    harness.clock.advance(minutes=10)
    again = harness.sync(CHANNEL)
    assert (again["imported"], again["updated"]) == (0, 0)
    assert all(
        _types(harness, o) == ["ImportedFromChannel", "DetailsSynced"] for o in _state(harness)[0].values()
    )


def test_an_order_imported_by_v0_is_shipped_with_its_v0_receipt(
    harness: Harness, upgraded: AmazonSimulatorState
) -> None:
    before, _ = _state(harness)
    paid = before["302-0000001-0000001"]
    harness.set_status(paid["id"], "shipped", tracking={"carrier": "DHL", "number": "00340434161094042557"})
    assert harness.sync(CHANNEL)["pushed"] == 1
    [confirmation] = upgraded.confirmations
    items = confirmation["body"]["packageDetail"]["orderItems"]
    assert items == [{"orderItemId": "1000", "quantity": 2}, {"orderItemId": "1001", "quantity": 2}]
    assert upgraded.removed_calls == []
