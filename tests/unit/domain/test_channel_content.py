"""What a channel's later report records: StatusSynced for a new status, DetailsSynced for any other
change, nothing for what is no change (the channel's timestamps, personal data it withholds)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest

from domain.address import Address
from domain.channel_content import content_to_record, reports_change
from domain.channel_order import ChannelBuyer, ChannelOrder
from domain.order import Order
from domain.order_line import Adjustment, OrderLine, Tracking
from domain.status import OrderStatus

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
HOME = Address(name="Anna Roth", street="Ring 5", postal_code="20095", city="Hamburg", country_code="DE")
BUYER = ChannelBuyer(external_id="anna_1", email="anna@example.de", name="Anna Roth", phone="040 123")


def reported(**fields: Any) -> ChannelOrder:
    line = OrderLine(title="Tasse", quantity=1, unit_price="9.99")  # type: ignore[arg-type]
    values: dict[str, Any] = {
        "external_id": "E1",
        "status": OrderStatus.PAID,
        "currency": "EUR",
        "placed_at": NOW - timedelta(days=100),
        "lines": [line],
        "buyer": BUYER,
        "billing_address": HOME,
        "shipping_address": HOME,
    }
    return ChannelOrder(**(values | fields))


def imported(content: ChannelOrder) -> Order:
    order = Order.import_from_channel(
        channel="ebay-de",
        channel_kind="ebay",
        number="ORD-1",
        customer_id=uuid4(),
        order=content,
        receipt=None,
        now=NOW,
    )
    order.collect_events()
    return order


def synced(order: Order, content: ChannelOrder) -> list[str]:
    order.sync_from_channel(content, None, NOW)
    return [type(e).__name__ for e in order.collect_events()]


def test_a_different_status_records_status_synced_with_all_the_channel_reported() -> None:
    order = imported(reported())
    later = reported(status=OrderStatus.SHIPPED, note="gift")
    assert order.sync_from_channel(later, "receipt-2", NOW)
    (event,) = order.collect_events()
    assert isinstance(event, Order.StatusSynced)
    assert (event.previous_status, event.order, event.receipt) == (OrderStatus.PAID, later, "receipt-2")
    assert (order.status, order.note, order.receipt) == (OrderStatus.SHIPPED, "gift", "receipt-2")


@pytest.mark.parametrize(
    "change",
    [
        {"note": "bitte klingeln"},
        {"shipping_address": HOME.model_copy(update={"city": "Leipzig"})},
        {"lines": [OrderLine(title="Teller", quantity=2, unit_price="4.50")]},  # type: ignore[arg-type]
        {"tracking": [Tracking(carrier="DHL", number="00340434")]},
        {"shipping_cost": "4.99"},
        {"adjustments": [Adjustment(kind="discount", title="Rabatt", amount="-1.00")]},  # type: ignore[arg-type]
        {"buyer": BUYER.model_copy(update={"name": "Anna Roth-Meyer"})},
    ],
    ids=lambda change: next(iter(change)),
)
def test_any_other_change_in_the_same_status_records_details_synced(change: dict[str, Any]) -> None:
    order = imported(reported())
    later = reported(**change)
    assert synced(order, later) == ["DetailsSynced"]
    assert order.channel_content == later and order.status is OrderStatus.PAID


def test_only_the_channels_own_timestamp_changing_records_nothing() -> None:
    order = imported(reported(channel_updated_at=NOW - timedelta(days=99)))
    assert synced(order, reported(channel_updated_at=NOW)) == []


def test_personal_data_the_channel_no_longer_sends_is_kept_and_no_change() -> None:
    order = imported(reported())
    faded = reported(buyer=ChannelBuyer(external_id="anna_1"), billing_address=None, shipping_address=None)
    assert not order.sync_from_channel(faded, None, NOW)
    assert order.collect_events() == []
    assert order.channel_content is not None and order.channel_content.buyer == BUYER
    assert (order.billing_address, order.shipping_address) == (HOME, HOME)


def test_blanked_personal_fields_count_as_left_out() -> None:
    order = imported(reported())
    blanked = reported(buyer=BUYER.model_copy(update={"email": "", "name": "  ", "phone": None}))
    assert synced(order, blanked) == []


def test_a_new_status_of_an_order_without_personal_data_records_what_was_imported_with_it() -> None:
    order = imported(reported())
    faded = reported(status=OrderStatus.SHIPPED, buyer=ChannelBuyer(), shipping_address=None)
    assert order.sync_from_channel(faded, None, NOW)
    (event,) = order.collect_events()
    assert isinstance(event, Order.StatusSynced)
    assert (event.order.buyer, event.order.shipping_address, event.order.status) == (
        BUYER,
        HOME,
        OrderStatus.SHIPPED,
    )


def test_content_to_record_is_the_report_for_an_order_with_nothing_recorded() -> None:
    assert content_to_record(None, reported()) == reported()
    assert content_to_record(reported(), reported()) is None


def test_stored_status_synced_without_a_status_change_replays_as_before() -> None:
    """Before DetailsSynced, any change was a StatusSynced, also in the same status."""
    order = imported(reported())
    legacy = Order.StatusSynced(
        originator_id=order.id,
        originator_version=2,
        timestamp=NOW,
        previous_status=OrderStatus.PAID,
        order=reported(note="gift", shipping_address=None),
        receipt="r2",
    )
    replayed = legacy.mutate(order)
    assert (replayed.version, replayed.status, replayed.note, replayed.receipt) == (
        2,
        OrderStatus.PAID,
        "gift",
        "r2",
    )
    assert replayed.shipping_address == HOME  # kept, as the old code kept it
    assert synced(replayed, reported(note="gift", shipping_address=None)) == []


def test_an_order_from_a_snapshot_older_than_its_channel_content_compares_by_fingerprint() -> None:
    content = reported()
    snapshot = Order.Snapshot.take(imported(content))
    old = snapshot.model_copy(
        update={"state": {k: v for k, v in snapshot.state.items() if k != "channel_content"}}
    )
    restored = old.mutate(None)
    assert restored.channel_content is None and restored.channel_fingerprint == content.fingerprint()
    assert synced(restored, content.model_copy()) == []
    assert synced(restored, reported(note="gift")) == ["DetailsSynced"]


@pytest.mark.parametrize(
    "later",
    [
        reported(),
        reported(channel_updated_at=NOW),
        reported(note="gift"),
        reported(status=OrderStatus.SHIPPED, buyer=ChannelBuyer(), shipping_address=None),
        reported(buyer=BUYER.model_copy(update={"email": " "}), billing_address=None),
        reported(buyer=BUYER.model_copy(update={"name": "Anna Meyer"})),
    ],
)
def test_the_fast_path_on_stored_json_and_the_order_decide_alike(later: ChannelOrder) -> None:
    recorded = reported()
    changes = reports_change(recorded.model_dump(mode="json"), later)
    assert changes == (content_to_record(recorded, later) is not None)


def test_an_order_from_a_snapshot_keeps_personal_data_a_later_report_leaves_out() -> None:
    restored = Order.Snapshot.take(imported(reported())).mutate(None)
    assert restored.channel_content == reported()
    assert synced(restored, reported(buyer=ChannelBuyer(), shipping_address=None)) == []


def test_an_order_recorded_without_an_external_number_does_not_change_by_getting_one() -> None:
    before = reported()  # recorded before ChannelOrder had the field
    stored = before.model_dump(mode="json")
    assert "external_number" not in stored
    now = reported(external_number="B01004")
    assert not reports_change(stored, now)
    assert content_to_record(before, now) is None
    assert now.fingerprint() == before.fingerprint()  # fingerprints kept in snapshots still match


def test_the_external_number_is_recorded_with_the_next_real_change_and_compared_from_then_on() -> None:
    order = imported(reported())
    assert synced(order, reported(external_number="B01004", note="gift")) == ["DetailsSynced"]
    assert order.channel_content is not None and order.channel_content.external_number == "B01004"
    assert synced(order, reported(external_number="B01005", note="gift")) == ["DetailsSynced"]
    assert synced(order, reported(external_number="B01005", note="gift")) == []


def test_the_external_number_survives_a_report_that_leaves_personal_data_out() -> None:
    order = imported(reported())
    faded = reported(external_number="B01004", buyer=ChannelBuyer(external_id="anna_1"), note="x")
    assert synced(order, faded) == ["DetailsSynced"]
    assert order.channel_content is not None and order.channel_content.external_number == "B01004"
    assert order.channel_content.buyer.name == "Anna Roth"
