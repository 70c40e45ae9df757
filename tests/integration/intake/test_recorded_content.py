"""A re-sync tells unchanged orders from the channel content they last recorded, without rebuilding
them, on every store (the in-memory one too); the domain's rule decides, also for stored events
written before DetailsSynced existed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import orjson
import pytest
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from application.intake import ChannelIntake
from domain.address import Address
from domain.channel_order import ChannelBuyer, ChannelOrder
from domain.order import Order
from domain.order_line import OrderLine
from domain.status import OrderStatus
from entrypoints.bootstrap import Services
from ports.channels import PulledOrder

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
HOME = Address(name="Anna Roth", street="Ring 5", postal_code="20095", city="Hamburg", country_code="DE")
BUYER = ChannelBuyer(external_id="anna", email="anna@example.de", name="Anna Roth", phone="040 1")


def reported(external_id: str, **fields: Any) -> ChannelOrder:
    line = OrderLine(title="Tasse", quantity=2, unit_price="9.99")  # type: ignore[arg-type]
    values: dict[str, Any] = {
        "external_id": external_id,
        "status": OrderStatus.PAID,
        "currency": "EUR",
        "lines": [line],
        "placed_at": NOW,
        "buyer": BUYER.model_copy(update={"external_id": f"buyer-{external_id}"}),
        "shipping_address": HOME,
    }
    return ChannelOrder(**(values | fields))


@pytest.fixture
def rebuilt(services: Services, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The stored events the store turned back into domain events (rebuilding aggregates)."""
    seen: list[Any] = []
    mapper = services.book.mapper
    decode, decode_all = mapper.to_domain_event, mapper.to_domain_events
    monkeypatch.setattr(mapper, "to_domain_event", lambda stored: seen.append(stored) or decode(stored))
    monkeypatch.setattr(mapper, "to_domain_events", lambda stored: seen.extend(stored) or decode_all(stored))
    return seen


def page(*orders: ChannelOrder) -> list[PulledOrder]:
    return [PulledOrder(order=o) for o in orders]


def test_unchanged_orders_are_told_without_rebuilding_them(
    services: Services, intake: ChannelIntake, rebuilt: list[Any]
) -> None:
    intake.import_page("shop", "jtl-shop", page(reported("1"), reported("2")), NOW)
    rebuilt.clear()
    result = intake.import_page("shop", "jtl-shop", page(reported("1"), reported("2", note="gift")), NOW)
    assert (result.unchanged, result.updated) == (["1"], ["2"])
    assert {e.originator_id for e in rebuilt} == {Order.channel_order_id("shop", "2")}


def test_a_report_without_personal_data_is_unchanged_without_rebuilding_the_order(
    services: Services, intake: ChannelIntake, rebuilt: list[Any]
) -> None:
    intake.import_page("shop", "jtl-shop", page(reported("1")), NOW)
    rebuilt.clear()
    head = services.book.recorder.max_notification_id()
    faded = reported("1", buyer=ChannelBuyer(external_id="buyer-1"), shipping_address=None)
    assert intake.import_page("shop", "jtl-shop", page(faded), NOW).unchanged == ["1"]
    assert rebuilt == [] and services.book.recorder.max_notification_id() == head


def test_a_details_change_is_recorded_as_details_synced(services: Services, intake: ChannelIntake) -> None:
    intake.import_page("shop", "jtl-shop", page(reported("1")), NOW)
    moved = reported("1", shipping_address=HOME.model_copy(update={"city": "Leipzig"}))
    assert intake.import_page("shop", "jtl-shop", page(moved), NOW).updated == ["1"]
    order = services.book.get(Order.channel_order_id("shop", "1"))
    assert (order.version, order.shipping_address.city) == (2, "Leipzig")
    events = services.book.recorder.select_events(order.id)
    assert events[-1].topic == get_topic(Order.DetailsSynced)


def test_a_status_synced_stored_by_the_old_code_replays_and_serves_the_fast_path(
    services: Services, intake: ChannelIntake, rebuilt: list[Any]
) -> None:
    """Before DetailsSynced, a change in the same status was stored as a StatusSynced like this."""
    intake.import_page("shop", "jtl-shop", page(reported("1")), NOW)
    order_id = Order.channel_order_id("shop", "1")
    content = reported("1", note="gift").model_dump(mode="json")
    state = {
        "timestamp": "2026-11-02T10:00:00Z",
        "previous_status": "paid",
        "order": content,
        "receipt": None,
    }
    legacy = StoredEvent(
        originator_id=order_id,
        originator_version=2,
        topic="domain.order:Order.StatusSynced",
        state=orjson.dumps(state),  # the stores of these tests neither compress nor encrypt
    )
    services.book.recorder.insert_events([legacy])
    order = services.book.get(order_id)
    assert (order.version, order.status, order.note) == (2, OrderStatus.PAID, "gift")
    rebuilt.clear()
    assert intake.import_page("shop", "jtl-shop", page(reported("1", note="gift")), NOW).unchanged == ["1"]
    assert rebuilt == []
