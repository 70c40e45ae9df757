"""Pushing statuses to the real django-oscar shop: PATCH (extension) and the dashboard fallback."""

from __future__ import annotations

from typing import Any

import pytest
from orderhub_oscar.channel import OscarChannel
from orderhub_oscar.dashboard import DashboardForms
from orderhub_oscar.settings import OscarSettings
from oscar_shop_api import ShopActions
from oscar_shop_runner import ADMIN, RunningShop

from domain.order_line import Tracking
from domain.status import OrderStatus
from ports.channels import PermanentChannelError, PushOutcome, StatusPush
from testkit.channel_plugins import make_context


def channel_for(shop: RunningShop, password: str = ADMIN[1]) -> OscarChannel:
    return OscarChannel(
        OscarSettings(url=shop.base_url, username=ADMIN[0], password=password), make_context()
    )


def push(channel: OscarChannel, order: dict[str, Any], status: str, **extra: Any) -> PushOutcome:
    change = StatusPush(
        push_id=f"p-{order['number']}-{status}",
        order_id="o-1",
        external_id=order["number"],
        status=OrderStatus(status),
        receipt=str(order["id"]),
        **extra,
    )
    return channel.push(change)


def test_paid_sets_processing_and_oscar_records_the_change(
    oscar_shop: RunningShop, shop: ShopActions
) -> None:
    order = shop.place_order()
    outcome = push(channel_for(oscar_shop), order, "paid")
    assert outcome == PushOutcome(delivered=True, reference=f"{order['number']}:processing")
    assert shop.status_changes(order["number"]) == [("new", "processing")]


def test_shipped_walks_oscars_pipeline_and_notes_the_tracking(
    oscar_shop: RunningShop, shop: ShopActions
) -> None:
    order = shop.place_order()
    outcome = push(
        channel_for(oscar_shop), order, "shipped", tracking=Tracking(carrier="DHL", number="00340434")
    )
    assert outcome.delivered
    assert shop.status_changes(order["number"]) == [("new", "processing"), ("processing", "shipped")]
    assert "orderhub: shipped with DHL, tracking number 00340434" in shop.notes(order["number"])


def test_shipped_after_paid_takes_only_the_missing_step(oscar_shop: RunningShop, shop: ShopActions) -> None:
    order = shop.place_order()
    shop.set_status(order["id"], "processing")
    assert push(channel_for(oscar_shop), order, "shipped").delivered
    assert shop.status_changes(order["number"]) == [("new", "processing"), ("processing", "shipped")]


def test_cancelled_carries_the_reason(oscar_shop: RunningShop, shop: ShopActions) -> None:
    order = shop.place_order()
    assert push(channel_for(oscar_shop), order, "cancelled", reason="out of stock").delivered
    assert shop.status_changes(order["number"]) == [("new", "cancelled")]
    assert "orderhub: cancelled: out of stock" in shop.notes(order["number"])


def test_a_status_oscar_already_has_is_not_sent_again(oscar_shop: RunningShop, shop: ShopActions) -> None:
    order = shop.place_order()
    channel = channel_for(oscar_shop)
    push(channel, order, "shipped")
    outcome = push(channel, order, "paid")
    assert outcome.delivered and outcome.detail == "not sent: Oscar has 'shipped'"
    assert len(shop.status_changes(order["number"])) == 2


def test_cancelling_a_shipped_order_is_refused_for_good(oscar_shop: RunningShop, shop: ShopActions) -> None:
    order = shop.place_order()
    channel = channel_for(oscar_shop)
    push(channel, order, "shipped")
    outcome = push(channel, order, "cancelled")
    assert not outcome.delivered
    assert (
        outcome.detail
        and "Oscar refused 'cancelled' (HTTP 400)" in outcome.detail
        and "completed" in outcome.detail
    )


def test_partially_shipped_has_no_oscar_status_and_is_not_sent(
    oscar_shop: RunningShop, shop: ShopActions
) -> None:
    order = shop.place_order()
    outcome = push(channel_for(oscar_shop), order, "partially_shipped")
    # Refused, not delivered: PushRejected, not counted as pushed, never retried (issue 18.15).
    assert not outcome.delivered and outcome.detail == PARTIAL_REFUSED
    assert shop.status_changes(order["number"]) == []


PARTIAL_REFUSED = (
    "Oscar has no order status for partially_shipped (none in push_steps): set the order's status"
    " in Oscar's dashboard (Dashboard > Orders)"
)


def test_a_status_without_push_steps_is_refused_without_calling_the_shop() -> None:
    settings = OscarSettings(url="http://127.0.0.1:9", username=ADMIN[0], password=ADMIN[1])
    channel = OscarChannel(settings, make_context())
    try:
        outcome = channel.push(
            StatusPush(push_id="p", order_id="o", external_id="100001", status=OrderStatus.PARTIALLY_SHIPPED)
        )
    finally:
        channel.close()
    assert not outcome.delivered and outcome.detail == PARTIAL_REFUSED


def test_an_order_missing_in_oscar_is_not_delivered(oscar_shop: RunningShop) -> None:
    outcome = push(channel_for(oscar_shop), {"number": "999999", "id": 99999}, "paid")
    assert outcome == PushOutcome(delivered=False, detail="order 999999 does not exist in Oscar")


def test_without_a_receipt_the_order_is_found_by_number(oscar_shop: RunningShop, shop: ShopActions) -> None:
    order = shop.place_order()
    change = StatusPush(push_id="p", order_id="o", external_id=order["number"], status=OrderStatus.PAID)
    assert channel_for(oscar_shop).push(change).delivered
    assert shop.status_changes(order["number"]) == [("new", "processing")]


def test_stock_shop_answers_405_and_the_dashboard_form_is_used(
    oscar_stock_shop: RunningShop, stock_shop: ShopActions
) -> None:
    order = stock_shop.place_order()
    channel = channel_for(oscar_stock_shop)
    outcome = push(channel, order, "shipped", tracking=Tracking(carrier="UPS", number="1Z999"))
    assert outcome == PushOutcome(delivered=True, reference=f"{order['number']}:shipped")
    assert channel._pusher.patch_supported is False
    assert stock_shop.status_changes(order["number"]) == [("new", "processing"), ("processing", "shipped")]
    assert "orderhub: shipped with UPS, tracking number 1Z999" in stock_shop.notes(order["number"])


def test_dashboard_refusal_is_detected_by_reading_the_order_back(
    oscar_stock_shop: RunningShop, stock_shop: ShopActions
) -> None:
    order = stock_shop.place_order()
    channel = channel_for(oscar_stock_shop)
    push(channel, order, "shipped")
    outcome = push(channel, order, "cancelled")
    assert not outcome.delivered
    assert (
        outcome.detail
        == f"Oscar's dashboard did not move order {order['number']} from 'shipped' to 'cancelled' (now 'shipped')"
    )


def test_dashboard_login_with_a_wrong_password_is_permanent(oscar_stock_shop: RunningShop) -> None:
    settings = OscarSettings(url=oscar_stock_shop.base_url, username=ADMIN[0], password="wrong")
    forms = DashboardForms(settings, make_context())
    with pytest.raises(PermanentChannelError, match="dashboard refused the login of 'admin'"):
        forms.login()
    forms.close()
