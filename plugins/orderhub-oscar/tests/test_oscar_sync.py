"""End to end: orderhub's HTTP API syncing the real django-oscar shop through the plug-in."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from oscar_shop_api import ShopActions
from oscar_shop_runner import ADMIN, RunningShop

from tests.support.harness import Harness

CHANNEL = "oscar-shop"


@pytest.fixture
def hub() -> Iterator[Harness]:
    # orderhub's fake clock starts at the real time: the shop stamps its orders with it
    with Harness.start(now=datetime.now(UTC)) as harness:
        yield harness


def connect(hub: Harness, shop: RunningShop, **extra: Any) -> None:
    settings = {"url": shop.base_url, "username": ADMIN[0], "password": ADMIN[1], **extra}
    hub.register_channel(CHANNEL, "oscar", settings)


def by_number(hub: Harness) -> dict[str, dict[str, Any]]:
    orders = hub.orders(channel=CHANNEL)
    numbers = [o["source"]["external_id"] for o in orders]
    assert len(numbers) == len(set(numbers)), "an Oscar order was imported twice"
    return {o["source"]["external_id"]: o for o in orders}


def event_types(hub: Harness, order: dict[str, Any]) -> list[str]:
    return [e["type"] for e in hub.events(order["id"])]


def test_a_sync_imports_the_recent_oscar_orders(hub: Harness, oscar_shop: RunningShop) -> None:
    connect(hub, oscar_shop)
    summary = hub.sync(CHANNEL)
    assert summary["complete"] and summary["quarantined"] == 0
    orders = by_number(hub)
    multi = orders[oscar_shop.seeded["multi_line"]["number"]]
    assert multi["source"]["kind"] == "oscar" and multi["total"] == "37.22" and multi["status"] == "open"
    assert oscar_shop.seeded["old"]["number"] not in orders


def test_the_guest_order_is_imported_with_a_customer_from_its_email(
    hub: Harness, oscar_shop: RunningShop
) -> None:
    connect(hub, oscar_shop)
    hub.sync(CHANNEL)
    guest = hub.order(by_number(hub)[oscar_shop.seeded["guest"]["number"]]["id"])
    customer = hub.client.get(f"/api/v1/customers/{guest['customer_id']}").json()
    assert customer["email"].lower() == "guest.buyer@example.com"
    assert guest["shipping_address"]["country_code"] == "AT" and guest["billing_address"] is None


def test_a_second_sync_imports_nothing_twice(hub: Harness, oscar_shop: RunningShop) -> None:
    connect(hub, oscar_shop)
    first = hub.sync(CHANNEL)
    second = hub.sync(CHANNEL)
    assert second["imported"] == 0 and second["updated"] == 0
    assert second["unchanged"] == first["imported"]
    assert len(by_number(hub)) == first["imported"]


def test_a_status_changed_in_oscar_is_synced_once(
    hub: Harness, oscar_shop: RunningShop, shop: ShopActions
) -> None:
    placed = shop.place_order(quantity=2)
    connect(hub, oscar_shop)
    hub.sync(CHANNEL)
    shop.set_status(placed["id"], "processing")
    assert hub.sync(CHANNEL)["updated"] == 1
    hub.sync(CHANNEL)
    order = by_number(hub)[placed["number"]]
    assert order["status"] == "paid"
    assert event_types(hub, order).count("StatusSynced") == 1


def test_a_status_set_in_orderhub_reaches_oscars_status_history(
    hub: Harness, oscar_shop: RunningShop, shop: ShopActions
) -> None:
    placed = shop.place_order()
    connect(hub, oscar_shop)
    hub.sync(CHANNEL)
    order = by_number(hub)[placed["number"]]
    hub.set_status(order["id"], "shipped", tracking={"carrier": "DHL", "number": "JJD0099"})
    assert hub.sync(CHANNEL)["pushed"] == 1
    assert shop.status_changes(placed["number"]) == [("new", "processing"), ("processing", "shipped")]
    assert "StatusPushed" in event_types(hub, order)
    assert hub.sync(CHANNEL)["pushed"] == 0
    assert by_number(hub)[placed["number"]]["status"] == "shipped"


def test_a_partial_shipment_oscar_has_no_status_for_is_not_pushed_and_says_use_the_dashboard(
    hub: Harness, oscar_shop: RunningShop, shop: ShopActions
) -> None:
    placed = shop.place_order(quantity=2)
    connect(hub, oscar_shop)
    hub.sync(CHANNEL)
    order = by_number(hub)[placed["number"]]
    hub.set_status(order["id"], "partially_shipped", lines=[{"line": 0, "quantity": 1}])
    assert hub.sync(CHANNEL)["pushed"] == 0  # was 1: counted as pushed although Oscar was told nothing
    refused = hub.order(order["id"])
    assert refused["pending_pushes"] == 0 and "in Oscar's dashboard" in refused["push_refused"]
    assert event_types(hub, order).count("PushRejected") == 1
    assert hub.sync(CHANNEL)["pushed"] == 0  # refused for good: not tried again
    after = event_types(hub, order)
    assert after.count("PushRejected") == 1 and "StatusPushed" not in after
    assert shop.status_changes(placed["number"]) == []


def test_a_stock_oscar_shop_is_paged_and_gets_statuses_through_its_dashboard(
    hub: Harness, oscar_stock_shop: RunningShop, stock_shop: ShopActions
) -> None:
    placed = stock_shop.place_order()
    connect(hub, oscar_stock_shop, page_size=2)
    assert hub.sync(CHANNEL)["imported"] >= 4  # three seeded recent orders + this one, 2 per API page
    order = by_number(hub)[placed["number"]]
    hub.set_status(order["id"], "cancelled", reason="customer asked")
    assert hub.sync(CHANNEL)["pushed"] == 1
    assert stock_shop.status_changes(placed["number"]) == [("new", "cancelled")]


def test_an_oscar_status_missing_from_the_map_is_quarantined(
    hub: Harness, oscar_shop: RunningShop, shop: ShopActions
) -> None:
    placed = shop.place_order()
    shop.set_status(placed["id"], "cancelled")
    connect(hub, oscar_shop, status_map={"new": "open", "processing": "paid", "shipped": "shipped"})
    assert hub.sync(CHANNEL)["quarantined"] >= 1
    (entry,) = [q for q in hub.quarantine(CHANNEL) if q["external_id"] == placed["number"]]
    assert "Oscar status 'cancelled' is not in the channel's status_map" in entry["reason"]


def test_the_oscar_kind_is_listed_with_its_distribution_and_secret_password(hub: Harness) -> None:
    body = hub.client.get("/api/v1/channel-kinds").json()
    (oscar,) = [k for k in body["items"] if k["name"] == "oscar"]
    assert oscar["origin"] == "orderhub-oscar" and oscar["pulls_by_time"] is False
    assert oscar["settings_schema"]["properties"]["password"]["secret"] is True


def test_the_channel_settings_come_back_with_the_password_masked(
    hub: Harness, oscar_shop: RunningShop
) -> None:
    connect(hub, oscar_shop)
    shown = hub.client.get(f"/api/v1/channels/{CHANNEL}").text
    assert ADMIN[1] not in shown
