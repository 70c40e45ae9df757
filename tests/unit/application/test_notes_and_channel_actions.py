"""The use cases behind notes, address corrections and channel removal, on in-memory persistence."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from uuid import uuid4

import pytest

from application.acting import acting_as
from application.commands import AddNote, PlaceImmediateOrder
from application.errors import ChannelNotFoundError
from domain.actor import Actor
from domain.address import Address
from domain.errors import OrderNotFoundError
from domain.order import Order
from entrypoints.bootstrap import Services, bootstrap
from testkit.channel_plugins import FakeClock
from tests.support.fake_channel import FakeKind, registry_with
from tests.support.order_data import immediate_order

HOME = Address(name="Anna", street="Hauptstraße 1", postal_code="10115", city="Berlin", country_code="DE")


@pytest.fixture
def app() -> Iterator[Services]:
    built = bootstrap(
        "memory://", clock=FakeClock(datetime(2026, 11, 2, 9, 0, tzinfo=UTC)), kinds=registry_with(FakeKind())
    )
    yield built
    built.close()


def placed(app: Services) -> Order:
    return app.ordering.place_immediate_order(PlaceImmediateOrder.model_validate(immediate_order()))


def test_a_note_names_the_actor_who_wrote_it_in_the_answer_and_in_the_stored_event(app: Services) -> None:
    order = placed(app)
    with acting_as(Actor.user("anna")):
        noted = app.ordering.add_note(order.id, AddNote(text="called"))
    assert [(n.text, n.actor) for n in noted.notes or []] == [("called", Actor.user("anna"))]
    stored = app.book.get(order.id)
    assert isinstance(stored, Order) and stored.notes == noted.notes
    [event] = [e for e in app.book.events.get(order.id) if isinstance(e, Order.NoteAdded)]
    assert event.actor == Actor.user("anna")


def test_unknown_orders_are_not_found(app: Services) -> None:
    with pytest.raises(OrderNotFoundError):
        app.ordering.add_note(uuid4(), AddNote(text="x"))
    with pytest.raises(OrderNotFoundError):
        app.ordering.correct_shipping_address(uuid4(), HOME)


def test_a_correction_to_the_same_address_saves_nothing(app: Services) -> None:
    order = placed(app)
    same = app.ordering.correct_shipping_address(order.id, order.shipping_address or HOME)
    assert same.version == order.version


def test_a_removed_channel_loses_its_settings_and_its_name_can_be_registered_again(app: Services) -> None:
    app.channels.register("shop", "fake", {"token": "t"}, None)
    assert app.channel_removal.remove("shop") == 0
    with pytest.raises(ChannelNotFoundError):
        app.channels.get("shop")
    assert app.channels.list() == []
    with pytest.raises(ChannelNotFoundError):
        app.channels.settings("shop")
    with pytest.raises(ChannelNotFoundError):
        app.channel_removal.remove("shop")
    again = app.channels.register("shop", "fake", {"token": "u", "shop": "other"}, 60)
    assert (again.removed, again.sync_interval_seconds) == (False, 60)
    assert app.channels.settings("shop")[1].model_dump()["shop"] == "other"
