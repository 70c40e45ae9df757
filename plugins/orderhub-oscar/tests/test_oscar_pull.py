"""Pulling from the real django-oscar shop over HTTP (session fixtures in conftest.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from orderhub_oscar.channel import OscarChannel
from orderhub_oscar.kind import KIND
from orderhub_oscar.settings import OscarSettings
from oscar_shop_api import ShopActions
from oscar_shop_runner import ADMIN, CUSTOMER, RunningShop

from domain.status import OrderStatus
from ports.channels import ChannelContext, ChannelSettings, PermanentChannelError, RetryableChannelError
from simulators.server import free_port
from testkit.channel_plugins import (
    FakeClock,
    channel_capabilities,
    check_kind_conformance,
    collect_pages,
    make_context,
    pull_failures,
    pulled_orders,
    secret_values,
    window_back,
)


def channel_for(shop: RunningShop, context: ChannelContext | None = None, **extra: Any) -> OscarChannel:
    settings = OscarSettings(url=shop.base_url, username=ADMIN[0], password=ADMIN[1], **extra)
    return OscarChannel(settings, context or make_context(clock=FakeClock(datetime.now(UTC))))


def pull_by_number(channel: OscarChannel, days: float = 1) -> dict[str, Any]:
    pages = collect_pages(channel, window_back(channel.context.clock, days=days))
    assert pull_failures(pages) == []
    return {p.order.external_id: p for p in pulled_orders(pages)}


def test_recent_orders_are_pulled_with_their_lines(oscar_shop: RunningShop) -> None:
    pulled = pull_by_number(channel_for(oscar_shop))
    seeded = oscar_shop.seeded
    assert {seeded[r]["number"] for r in ("registered", "guest", "multi_line")} <= set(pulled)
    multi = pulled[seeded["multi_line"]["number"]]
    assert [(line.sku, line.quantity) for line in multi.order.lines] == [("W-1", 1), ("G-2", 3)]
    assert multi.order.total == Decimal("37.22")


def test_the_receipt_carries_the_oscar_database_id(oscar_shop: RunningShop) -> None:
    pulled = pull_by_number(channel_for(oscar_shop))
    guest = oscar_shop.seeded["guest"]
    assert pulled[guest["number"]].receipt == str(guest["id"])


def test_orders_placed_before_the_lookback_are_not_pulled(oscar_shop: RunningShop) -> None:
    assert oscar_shop.seeded["old"]["number"] not in pull_by_number(channel_for(oscar_shop))


def test_a_longer_lookback_reaches_older_orders(oscar_shop: RunningShop) -> None:
    pulled = pull_by_number(channel_for(oscar_shop, lookback_days=90))
    assert oscar_shop.seeded["old"]["number"] in pulled


def test_only_the_first_sync_uses_the_first_sync_lookback(oscar_shop: RunningShop) -> None:
    channel = channel_for(oscar_shop, first_sync_lookback_days=90)
    old, clock = oscar_shop.seeded["old"]["number"], channel.context.clock
    first = pulled_orders(collect_pages(channel, window_back(clock, first_sync=True)))
    later = pulled_orders(collect_pages(channel, window_back(clock, first_sync=False)))
    assert old in {o.order.external_id for o in first}
    assert old not in {o.order.external_id for o in later}


def test_guest_order_comes_without_billing_address_or_buyer_id(oscar_shop: RunningShop) -> None:
    guest = pull_by_number(channel_for(oscar_shop))[oscar_shop.seeded["guest"]["number"]].order
    assert guest.billing_address is None and guest.buyer.external_id is None
    assert guest.buyer.email == "Guest.Buyer@Example.com"


def test_a_paginated_shop_is_read_page_by_page(oscar_stock_shop: RunningShop) -> None:
    pulled = pull_by_number(channel_for(oscar_stock_shop, page_size=2))
    multi = pulled[oscar_stock_shop.seeded["multi_line"]["number"]]
    assert len(multi.order.lines) == 2  # the lines endpoint pages too
    assert len(pulled) >= 3


def test_a_status_changed_in_oscar_shows_at_the_next_pull(oscar_shop: RunningShop, shop: ShopActions) -> None:
    placed = shop.place_order(quantity=1)
    shop.set_status(placed["id"], "processing")
    assert pull_by_number(channel_for(oscar_shop))[placed["number"]].order.status is OrderStatus.PAID


def test_a_stopped_pull_resumes_from_its_checkpoint(oscar_shop: RunningShop) -> None:
    channel = channel_for(oscar_shop, page_size=1)
    window = window_back(channel.context.clock, days=1)
    pages = collect_pages(channel, window)
    resumed = collect_pages(channel, window, pages[0].checkpoint)
    first = [o.order.external_id for p in pages for o in p.orders]
    assert [o.order.external_id for p in resumed for o in p.orders] == first[1:]


def test_a_completed_scan_checkpoint_starts_a_fresh_scan(oscar_shop: RunningShop) -> None:
    channel = channel_for(oscar_shop)
    window = window_back(channel.context.clock, days=1)
    pages = collect_pages(channel, window)
    assert pages[-1].checkpoint and pages[-1].checkpoint["complete"] is True
    again = collect_pages(channel, window, pages[-1].checkpoint)
    assert len(pulled_orders(again)) == len(pulled_orders(pages))


def test_a_wrong_password_is_a_permanent_error_without_the_password(oscar_shop: RunningShop) -> None:
    settings = OscarSettings(url=oscar_shop.base_url, username="admin", password="not-the-password")
    channel = OscarChannel(settings, make_context())
    with pytest.raises(PermanentChannelError, match="check username and password") as caught:
        collect_pages(channel, window_back(channel.context.clock))
    assert not any(secret in str(caught.value) for secret in secret_values(settings))


def test_a_customer_login_is_told_to_become_staff(oscar_shop: RunningShop) -> None:
    settings = OscarSettings(url=oscar_shop.base_url, username=CUSTOMER[0], password=CUSTOMER[1])
    with pytest.raises(PermanentChannelError, match="make the user staff"):
        collect_pages(OscarChannel(settings, make_context()), window_back(FakeClock()))


def test_a_wrong_api_path_is_a_permanent_error(oscar_shop: RunningShop) -> None:
    channel = channel_for(oscar_shop, api_path="/not-the-api/")
    with pytest.raises(PermanentChannelError, match="OSCARAPI_BLOCK_ADMIN_API_ACCESS"):
        collect_pages(channel, window_back(channel.context.clock))


def test_an_unreachable_shop_is_retryable_after_backing_off() -> None:
    context = make_context()
    settings = OscarSettings(url=f"http://127.0.0.1:{free_port()}", username="a", password="b")
    with pytest.raises(RetryableChannelError, match="cannot connect"):
        collect_pages(OscarChannel(settings, context), window_back(context.clock))
    assert context.sleep.waits == [1.0, 2.0, 4.0, 8.0]


def test_the_kind_opens_a_channel_from_plain_settings(oscar_settings: dict[str, object]) -> None:
    channel = KIND.open(KIND.settings_model.model_validate(oscar_settings), make_context())
    assert isinstance(channel, OscarChannel)
    channel.close()


def test_the_kind_keeps_orderhubs_channel_contract() -> None:
    settings = {"url": "http://shop.invalid", "username": "a", "password": "b"}
    check_kind_conformance(KIND, settings)  # no network I/O: the host does not exist
    assert issubclass(KIND.settings_model, ChannelSettings) and not KIND.pulls_by_time
    channel = KIND.open(KIND.settings_model.model_validate(settings), make_context())
    assert channel_capabilities(channel) == ["fetch_orders"]  # re-reads quarantined orders by number
    channel.close()
