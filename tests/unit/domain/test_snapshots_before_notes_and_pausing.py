"""Snapshots taken before orders had notes and address corrections, and before channels could be
paused, removed or have orders dismissed, still load, and the new actions work on what they load."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from uuid import uuid4

from domain.actor import Actor
from domain.address import Address
from domain.channel import Channel
from domain.eventsourced import Snapshot
from domain.order import Order
from domain.order_line import OrderLine

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
HOME = Address(name="Bea", street="Hauptstraße 1", postal_code="10115", city="Berlin", country_code="DE")


def without(aggregate: Any, *fields: str) -> Any:
    snapshot = Snapshot.take(aggregate)
    state = {k: v for k, v in snapshot.state.items() if k not in fields}
    return snapshot.model_copy(update={"state": state}).mutate(None)


def test_an_order_snapshotted_before_notes_loads_and_takes_notes_and_corrections() -> None:
    order = Order.place(
        order_id=uuid4(), number="ORD-1", customer_id=uuid4(), source_kind="immediate", currency="EUR",
        lines=[OrderLine(title="A", quantity=1, unit_price=Decimal("1.00"))], shipping_cost=Decimal("0"),
        billing_address=HOME, shipping_address=HOME, note=None, now=NOW,
    )  # fmt: skip
    loaded = without(order, "notes", "address_correction")
    assert (loaded.notes, loaded.address_correction) == (None, None)
    loaded.add_note("first", Actor.user("anna"), NOW)
    assert [n.text for n in loaded.notes] == ["first"]
    assert loaded.correct_shipping_address(HOME.model_copy(update={"street": "Nebenstraße 2"}), NOW)


def test_a_channel_snapshotted_before_pausing_loads_unpaused_and_can_be_paused_and_dismiss() -> None:
    shop = Channel.register(name="shop", kind="fake", public_settings={}, sync_interval_seconds=None, now=NOW)
    shop.quarantine_order("17", "no lines", None, NOW)
    loaded = without(shop, "paused_at", "removed_at", "dismissed")
    assert (loaded.paused, loaded.removed, loaded.dismissed) == (False, False, None)
    assert not loaded.is_dismissed("17")
    assert loaded.pause(NOW) and loaded.dismiss_quarantined("17", "test", NOW)
    assert loaded.is_dismissed("17")
