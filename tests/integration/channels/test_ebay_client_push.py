"""The eBay channel against the simulator over real HTTP: offset shifts while paging, and pushes."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from adapters.channels.ebay.channel import EbayChannel
from adapters.channels.ebay.timestamps import ebay_time
from domain.order_line import OrderLine, Tracking
from domain.status import OrderStatus
from ports.channels import PulledPage, PullWindow, RetryableChannelError, StatusPush
from simulators.ebay.state import EbayMarketplace
from tests.integration.channels.ebay_world import START, WINDOW, World


def _pull(channel: EbayChannel, window: PullWindow = WINDOW) -> list[PulledPage]:
    return list(channel.pull(window, None))


def _ids(pages: list[PulledPage]) -> list[str]:
    return [pulled.order.external_id for page in pages for pulled in page.orders]


# -- offset shifts ------------------------------------------------------------------------------------


def test_new_orders_arriving_between_pages_shift_offsets_but_nothing_is_missed(
    world: World, channel: EbayChannel
) -> None:
    existing = set(world.market.generate(700))
    world.market.insert_orders_between_pages(3)
    delivered = set(_ids(_pull(channel)))
    world.market.after_orders_page.clear()
    assert existing <= delivered
    next_window = PullWindow(start=START - timedelta(minutes=5), end=START, first_sync=False)
    delivered |= set(_ids(_pull(channel, next_window)))
    assert delivered == set(world.market.orders)


def test_orders_modified_while_paging_leave_the_window_without_hiding_others(
    world: World, channel: EbayChannel
) -> None:
    existing = set(world.market.generate(700, end=START - timedelta(minutes=30)))
    newest_first = [
        o["orderId"] for o in sorted(map(world.market.order, existing), key=lambda o: o["creationDate"])
    ][::-1]

    def seller_works_in_seller_hub(market: EbayMarketplace) -> None:
        market.clock.advance(seconds=1)
        for order_id in newest_first[:5]:  # already delivered: they move past the window end
            market.touch(order_id)
        del newest_first[:5]

    world.market.after_orders_page.append(seller_works_in_seller_hub)
    assert set(_ids(_pull(channel))) == existing


# -- push ---------------------------------------------------------------------------------------------


def _imported(
    world: World, channel: EbayChannel, multi_line: bool = False
) -> tuple[str, str, list[OrderLine]]:
    """(eBay order id, receipt, lines) of an open paid order as the channel delivered it."""
    world.market.generate(80, seed=4)
    for page in _pull(channel):
        for pulled in page.orders:
            if pulled.order.status is OrderStatus.PAID and (len(pulled.order.lines) > 1) == multi_line:
                return pulled.order.external_id, pulled.receipt or "", list(pulled.order.lines)
    raise AssertionError("no suitable generated order")


def _push(order_id: str, status: OrderStatus, receipt: str | None, **extra: Any) -> StatusPush:
    return StatusPush(
        push_id="p-1", order_id="o-1", external_id=order_id, status=status, receipt=receipt, **extra
    )


def test_shipped_with_tracking_posts_exactly_what_ebay_wants(world: World, channel: EbayChannel) -> None:
    order_id, receipt, lines = _imported(world, channel, multi_line=True)
    world.clock.advance(minutes=3)
    tracking = Tracking(carrier="DHL", number="0034 0434 1612 3456 7890")
    outcome = channel.push(_push(order_id, OrderStatus.SHIPPED, receipt, tracking=tracking, lines=lines))
    [(posted_to, body)] = world.market.fulfillment_requests
    ebay_lines = world.market.order(order_id)["lineItems"]
    assert posted_to == order_id
    assert body == {
        "lineItems": [{"lineItemId": x["lineItemId"], "quantity": x["quantity"]} for x in ebay_lines],
        "shippedDate": ebay_time(world.clock.now()),
        "shippingCarrierCode": "DHL",
        "trackingNumber": "00340434161234567890",
    }
    assert outcome.delivered and outcome.reference == "00340434161234567890"
    assert world.market.order(order_id)["orderFulfillmentStatus"] == "FULFILLED"


def test_a_partial_shipment_fulfills_only_its_lines(world: World, channel: EbayChannel) -> None:
    order_id, receipt, lines = _imported(world, channel, multi_line=True)
    tracking = Tracking(carrier="Hermes", number="H1000")
    outcome = channel.push(
        _push(order_id, OrderStatus.PARTIALLY_SHIPPED, receipt, tracking=tracking, lines=lines[:1])
    )
    assert outcome.delivered
    assert world.market.order(order_id)["orderFulfillmentStatus"] == "IN_PROGRESS"


def test_a_repeated_shipment_push_does_not_create_a_second_fulfillment(
    world: World, channel: EbayChannel
) -> None:
    order_id, receipt, _ = _imported(world, channel)
    push = _push(order_id, OrderStatus.SHIPPED, receipt, tracking=Tracking(carrier="DHL", number="ABC123"))
    first, again = channel.push(push), channel.push(push)
    assert first.reference == again.reference == "ABC123"
    assert len(world.market.fulfillments[order_id]) == 1


def test_a_push_without_receipt_reads_the_line_items_from_ebay(world: World, channel: EbayChannel) -> None:
    order_id, _, _ = _imported(world, channel)
    outcome = channel.push(
        _push(order_id, OrderStatus.SHIPPED, None, tracking=Tracking(carrier="DHL", number="X1"))
    )
    assert outcome.delivered
    assert world.market.order(order_id)["orderFulfillmentStatus"] == "FULFILLED"


@pytest.mark.parametrize("status", [OrderStatus.PAID, OrderStatus.CANCELLED])
def test_paid_and_cancelled_are_not_sent_to_ebay_and_refused_naming_seller_hub(
    world: World, channel: EbayChannel, status: OrderStatus
) -> None:
    order_id, receipt, _ = _imported(world, channel)
    calls = len(world.market.calls)
    outcome = channel.push(_push(order_id, status, receipt, reason="Kunde hat storniert"))
    assert not outcome.delivered and "in Seller Hub" in (outcome.detail or "")  # refused: not pushed
    assert len(world.market.calls) == calls


def test_a_shipment_ebay_refuses_is_not_delivered_and_says_why(world: World, channel: EbayChannel) -> None:
    order_id, receipt, _ = _imported(world, channel)
    stale = json.loads(receipt)
    stale["lineItems"][0]["lineItemId"] = "999999"
    outcome = channel.push(_push(order_id, OrderStatus.SHIPPED, json.dumps(stale)))
    assert not outcome.delivered
    assert "32200" in (outcome.detail or "")


def test_a_shipment_post_hitting_a_rate_limit_is_retryable_and_not_repeated_in_place(
    world: World, channel: EbayChannel
) -> None:
    order_id, receipt, _ = _imported(world, channel)
    push = _push(order_id, OrderStatus.SHIPPED, receipt, tracking=Tracking(carrier="DHL", number="Z9"))
    world.market.faults.inject("429", times=1, target="write")
    with pytest.raises(RetryableChannelError):
        channel.push(push)
    posts = [call for call in world.market.calls if call.startswith("POST /sell")]
    assert len(posts) == 1 and world.market.fulfillments.get(order_id, []) == []
    assert channel.push(push).delivered
    assert len(world.market.fulfillments[order_id]) == 1
