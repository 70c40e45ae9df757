"""Notes on an order (any status) and corrections of its shipping address (until a parcel leaves;
on a channel order, until the channel reports a different address)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import uuid4

import pytest
from pydantic import ValidationError

from domain.actor import Actor
from domain.address import Address
from domain.channel_order import ChannelOrder
from domain.errors import OrderChangeRefusedError
from domain.order import Order
from domain.order_line import OrderLine, Tracking
from domain.status import OrderStatus, check_address_correction
from tests.support.replay import replayed

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
ANNA = Actor.user("anna")
HOME = Address(
    name="Bea Buyer", street="Hauptstraße 1", postal_code="10115", city="Berlin", country_code="DE"
)
FIXED = HOME.model_copy(update={"street": "Hauptstraße 11"})
MOVED = HOME.model_copy(update={"street": "Neue Straße 5", "postal_code": "10117"})
LINES = [OrderLine(sku="A", title="A", quantity=2, unit_price=Decimal("9.99"))]


def placed() -> Order:
    return Order.place(
        order_id=uuid4(), number="ORD-1", customer_id=uuid4(), source_kind="immediate", currency="EUR",
        lines=LINES, shipping_cost=Decimal("4.90"), billing_address=HOME, shipping_address=HOME,
        note=None, now=NOW,
    )  # fmt: skip


def reported(shipping: Address | None = HOME, **changes: Any) -> ChannelOrder:
    fields = {"external_id": "E-1", "status": OrderStatus.PAID, "currency": "EUR", "lines": LINES,
              "placed_at": NOW, "shipping_address": shipping}  # fmt: skip
    return ChannelOrder(**(fields | changes))


def imported(order: ChannelOrder | None = None) -> Order:
    return Order.import_from_channel(channel="shop", channel_kind="fake", number="ORD-2",
                                     customer_id=uuid4(), order=order or reported(), receipt=None, now=NOW)  # fmt: skip


# ---- notes ----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [None, OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.CANCELLED])
def test_a_note_is_taken_in_every_status_and_changes_nothing_else(status: OrderStatus | None) -> None:
    order = placed()
    if status is not None:
        tracking = Tracking(carrier="DHL", number="1") if status is OrderStatus.SHIPPED else None
        order.change_status(status, tracking=tracking, reason="out of stock", now=NOW)
    before = (order.status, order.lines, order.shipping_address, order.note, order.total)
    note = order.add_note(
        "  Customer called:\nleave it with the neighbour.  ", ANNA, NOW + timedelta(hours=1)
    )
    assert note.text == "Customer called:\nleave it with the neighbour."  # trimmed, line break kept
    assert (note.at, note.actor) == (NOW + timedelta(hours=1), ANNA)
    assert (order.status, order.lines, order.shipping_address, order.note, order.total) == before
    assert replayed(order).notes == order.notes == [note]


def test_notes_are_kept_oldest_first() -> None:
    order = placed()
    order.add_note("first", ANNA, NOW)
    order.add_note("second", Actor.api_key("warehouse"), NOW + timedelta(minutes=1))
    assert [(n.text, n.actor) for n in replayed(order).notes or []] == [
        ("first", ANNA),
        ("second", Actor.api_key("warehouse")),
    ]


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "at least 1 character"),
        ("   \n ", "at least 1 character"),
        ("x" * 5001, "at most 5000 characters"),
        ("bell \x07 here", "control character U+0007"),
        ("escape \x1b[31m", "control character U+001B"),
    ],
)
def test_a_note_that_is_empty_too_long_or_holds_control_characters_is_refused(text: str, why: str) -> None:
    order = placed()
    with pytest.raises(ValidationError, match=re.escape(why)):
        order.add_note(text, ANNA, NOW)
    assert order.notes == []


def test_a_note_of_5000_characters_after_trimming_is_taken() -> None:
    assert placed().add_note(" " + "x" * 5000 + " ", ANNA, NOW).text == "x" * 5000


# ---- the shipping address -------------------------------------------------------------------


def test_the_address_is_corrected_until_a_parcel_leaves() -> None:
    order = placed()
    assert order.correct_shipping_address(FIXED, NOW) is True
    assert replayed(order).shipping_address == order.shipping_address == FIXED
    assert order.billing_address == HOME  # only where it goes


def test_the_same_address_again_records_nothing() -> None:
    order = placed()
    assert order.correct_shipping_address(HOME, NOW) is False
    assert len(order.collect_events()) == 1  # Created only


@pytest.mark.parametrize(
    ("status", "why"),
    [
        (OrderStatus.PARTIALLY_SHIPPED, "a parcel has left already"),
        (OrderStatus.SHIPPED, "it has been shipped"),
        (OrderStatus.CANCELLED, "it is cancelled"),
    ],
)
def test_a_shipped_partly_shipped_or_cancelled_order_keeps_its_address(status: OrderStatus, why: str) -> None:
    order = placed()
    tracking = Tracking(carrier="DHL", number="1") if status is not OrderStatus.CANCELLED else None
    parcel = [(0, 1)] if status is OrderStatus.PARTIALLY_SHIPPED else None
    order.change_status(status, tracking=tracking, reason="out of stock", now=NOW, parcel=parcel)
    with pytest.raises(OrderChangeRefusedError, match=f"cannot be corrected any more: {why}"):
        order.correct_shipping_address(FIXED, NOW)
    assert order.shipping_address == HOME


def test_the_rule_allows_every_status_before_shipping() -> None:
    for status in (OrderStatus.PENDING, OrderStatus.OPEN, OrderStatus.PAID):
        assert check_address_correction(status) is None


def test_a_channel_order_shipped_on_the_channel_keeps_its_address() -> None:
    order = imported(reported(status=OrderStatus.SHIPPED))
    with pytest.raises(OrderChangeRefusedError, match="it has been shipped"):
        order.correct_shipping_address(FIXED, NOW)


def test_on_a_channel_order_the_correction_stands_against_reports_of_the_old_address() -> None:
    order = imported()
    order.correct_shipping_address(FIXED, NOW)
    # the channel reports the order again: its old address (and a new status), then none at all
    assert order.sync_from_channel(reported(HOME, note="gift"), None, NOW)
    assert order.shipping_address == FIXED
    assert order.sync_from_channel(reported(None, note="gift wrap"), None, NOW)
    assert order.shipping_address == FIXED
    assert replayed(order).shipping_address == FIXED


def test_a_different_address_from_the_channel_replaces_the_correction() -> None:
    order = imported()
    order.correct_shipping_address(FIXED, NOW)
    assert order.sync_from_channel(reported(MOVED), None, NOW)  # the buyer changed it on the channel
    assert order.shipping_address == MOVED
    assert order.sync_from_channel(reported(HOME), None, NOW)  # and back: the channel's word again
    assert order.shipping_address == HOME
    assert replayed(order).shipping_address == HOME


def test_a_second_correction_still_stands_against_the_channels_first_address() -> None:
    order = imported()
    order.correct_shipping_address(FIXED, NOW)
    order.correct_shipping_address(FIXED.model_copy(update={"street2": "Hinterhaus"}), NOW)
    assert order.sync_from_channel(reported(HOME, note="again"), None, NOW)
    assert order.shipping_address == FIXED.model_copy(update={"street2": "Hinterhaus"})


def test_an_unchanged_report_after_a_correction_records_nothing() -> None:
    order = imported()
    order.correct_shipping_address(FIXED, NOW)
    assert order.sync_from_channel(reported(HOME), None, NOW) is False
    assert order.shipping_address == FIXED


def test_a_correction_whose_address_was_erased_replays_to_no_shipping_address() -> None:
    order = imported()
    order.correct_shipping_address(FIXED, NOW)
    created, corrected = order.collect_events()
    erased = corrected.model_copy(update={"address": None})  # as the store reads it once erased
    rebuilt = erased.mutate(created.mutate(None))
    assert (rebuilt.shipping_address, rebuilt.address_correction) == (None, None)
