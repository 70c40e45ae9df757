"""A sync whose saves collide with a concurrent writer decides again; one that keeps colliding stops
cleanly with the reason."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import IntegrityError

from adapters.persistence.sequences import SqlNumberSequence
from application.commands import ChangeOrderStatus
from application.customer_matching import CustomerMatcher
from application.intake import ChannelIntake
from domain.channel import Channel
from ports.channels import PulledOrder
from tests.support.colliding_store import ConcurrentWriter, records
from tests.support.fake_channel import FakeKind, channel_order, registry_with
from tests.support.harness import Harness


@pytest.fixture
def kind() -> FakeKind:
    return FakeKind()


@pytest.fixture
def h(kind: FakeKind) -> Iterator[Harness]:
    with Harness.start(kinds=registry_with(kind)) as harness:
        harness.register_channel("shop", "fake", {"token": "s3cret"})
        yield harness


def ship(h: Harness, order_id: str, number: str) -> None:
    command = ChangeOrderStatus.model_validate(
        {"status": "shipped", "tracking": {"carrier": "DHL", "number": number}}
    )
    h.services.ordering.change_status(UUID(order_id), command)


def a_shipped_channel_order(h: Harness, kind: FakeKind) -> dict[str, Any]:
    """A1, imported, then shipped here with tracking 0034: a push is pending."""
    kind.shop().put(channel_order("A1"), h.clock.now() - timedelta(minutes=1))
    h.sync("shop")
    [order] = h.orders(channel="shop")
    ship(h, order["id"], "0034")
    return order


def test_a_push_confirmation_that_collides_with_a_change_here_is_recorded_on_the_new_state(
    h: Harness, kind: FakeKind, monkeypatch: pytest.MonkeyPatch
) -> None:
    order = a_shipped_channel_order(h, kind)
    writer = ConcurrentWriter(
        h.services.book,
        monkeypatch,
        meanwhile=lambda: ship(h, order["id"], "0035"),
        when=records("StatusPushed"),
    )
    assert h.sync("shop")["pushed"] == 1
    assert writer.collided == 1
    assert [e["type"] for e in h.events(order["id"])][-3:] == [
        "StatusChanged",
        "StatusChanged",
        "StatusPushed",
    ]
    assert h.sync("shop")["pushed"] == 1  # the change made meanwhile, at the next sync
    assert [p.tracking.number for p in kind.shop().pushes if p.tracking] == ["0034", "0035"]


def test_a_sync_record_that_collides_with_a_channel_change_keeps_both(
    h: Harness, kind: FakeKind, monkeypatch: pytest.MonkeyPatch
) -> None:
    kind.shop().put(channel_order("A1"), h.clock.now() - timedelta(minutes=1))
    writer = ConcurrentWriter(
        h.services.book,
        monkeypatch,
        meanwhile=lambda: h.services.channels.update("shop", None, 900),
        when=records("Synced"),
    )
    summary = h.sync("shop")
    assert writer.collided == 1 and summary["complete"] and summary["error"] is None
    channel: Channel = h.services.book.get(Channel.id_for("shop"))
    assert channel.sync_interval_seconds == 900 and channel.last_sync is not None


def test_a_page_that_collides_with_a_concurrent_import_imports_each_order_once(
    h: Harness, kind: FakeKind, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in (1, 2):
        kind.shop().put(channel_order(f"A{n}"), h.clock.now() - timedelta(minutes=1))
    numbers = SqlNumberSequence(h.services.db)
    other = ChannelIntake(
        h.services.book, numbers, CustomerMatcher(h.services.book, numbers)
    )  # another worker's
    first = PulledOrder(order=kind.shop().orders["A1"], receipt="A1")
    writer = ConcurrentWriter(
        h.services.book,
        monkeypatch,
        meanwhile=lambda: other.import_page("shop", "fake", [first], h.clock.now()),
        when=records("ImportedFromChannel"),
    )
    summary = h.sync("shop")
    assert writer.collided == 1
    assert (summary["imported"], summary["unchanged"], summary["error"]) == (1, 1, None)
    assert sorted(o["source"]["external_id"] for o in h.orders(channel="shop")) == ["A1", "A2"]
    assert sorted(kind.shop().acked) == ["A1", "A2"]


def test_a_push_confirmation_that_keeps_colliding_stops_the_sync_naming_the_order(
    h: Harness, kind: FakeKind, monkeypatch: pytest.MonkeyPatch
) -> None:
    order = a_shipped_channel_order(h, kind)
    save = h.services.book.save

    def colliding(*objs: object) -> object:
        if records("StatusPushed")(objs):
            raise IntegrityError("a concurrent writer got in first")
        return save(*objs)

    monkeypatch.setattr(h.services.book, "save", colliding)
    summary = h.sync("shop")
    assert summary["error"].startswith(f"order {order['id']} (confirming push ")
    assert "kept changing: 8 tries to save collided; please retry" in summary["error"]
    monkeypatch.undo()
    assert h.sync("shop")["pushed"] == 1  # still pending: delivered at the next sync
