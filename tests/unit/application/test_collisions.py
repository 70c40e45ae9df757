"""Each use case that saves decides again when a concurrent writer got in first (a real collision)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from application.commands import ChangeOrderStatus, PlaceImmediateOrder, RegisterCustomer
from application.errors import DuplicateChannelError
from application.idempotency import RequestKey
from domain.channel import Channel
from domain.errors import EmailAlreadyClaimedError, IllegalStatusChangeError
from domain.order import Order
from domain.status import OrderStatus
from entrypoints.bootstrap import Services, bootstrap
from ports.read_models import CustomerFilter
from testkit.channel_plugins import FakeClock
from tests.support.colliding_store import ConcurrentWriter, records
from tests.support.fake_channel import FakeKind, registry_with
from tests.support.order_data import draft, immediate_order, new_customer


@pytest.fixture
def with_channels(clock: FakeClock) -> Iterator[Services]:
    built = bootstrap("memory://", clock=clock, kinds=registry_with(FakeKind()))
    yield built
    built.close()


def place(services: Services, body: dict[str, Any] | None = None) -> Order:
    return services.ordering.place_immediate_order(
        PlaceImmediateOrder.model_validate(body or immediate_order())
    )


def change(services: Services, order: Order, status: str, **extra: Any) -> Order:
    command = ChangeOrderStatus.model_validate({"status": status, **extra})
    return services.ordering.change_status(order.id, command)


def event_names(services: Services, aggregate: Any) -> list[str]:
    return [type(e).__name__ for e in services.book.events.get(aggregate.id)]


def collide_on_status_change(
    services: Services, monkeypatch: pytest.MonkeyPatch, meanwhile: Callable[[], object]
) -> ConcurrentWriter:
    return ConcurrentWriter(services.book, monkeypatch, meanwhile, when=records("StatusChanged"))


def test_a_status_change_that_collides_is_made_again_on_the_new_state(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    order = place(services)
    writer = collide_on_status_change(services, monkeypatch, lambda: change(services, order, "paid"))
    changed = change(services, order, "shipped", tracking={"carrier": "DHL", "number": "1"})
    assert writer.collided == 1
    assert changed.status is OrderStatus.SHIPPED and changed.version == 3
    assert event_names(services, order) == ["Created", "StatusChanged", "StatusChanged"]


def test_a_status_change_that_collides_with_a_cancellation_is_refused_on_the_new_state(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    order = place(services)
    writer = collide_on_status_change(
        services, monkeypatch, lambda: change(services, order, "cancelled", reason="the buyer asked")
    )
    with pytest.raises(IllegalStatusChangeError, match="cancelled order changes no more"):
        change(services, order, "paid")
    assert writer.collided == 1
    assert services.book.get(order.id).status is OrderStatus.CANCELLED


def test_an_immediate_order_whose_new_email_was_claimed_meanwhile_goes_to_that_customer(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    earlier: list[Order] = []
    writer = ConcurrentWriter(services.book, monkeypatch, meanwhile=lambda: earlier.append(place(services)))
    order = place(services)
    assert writer.collided == 1
    assert order.customer_id == earlier[0].customer_id
    assert services.queries.list_customers(CustomerFilter(limit=10)).total == 1


@pytest.mark.parametrize("for_customer", [False, True], ids=["new-customer", "customer-order"])
def test_an_order_placed_meanwhile_by_a_request_with_the_same_key_is_answered_as_a_replay(
    services: Services, monkeypatch: pytest.MonkeyPatch, for_customer: bool
) -> None:
    body: dict[str, Any] = immediate_order()
    if for_customer:
        customer = services.customers.register(RegisterCustomer.model_validate(new_customer()))
        body = {"customer_id": str(customer.id), **draft()}
    command = PlaceImmediateOrder.model_validate(body)
    request = RequestKey.of("key-1", "immediate", command)
    first: list[Order] = []
    writer = ConcurrentWriter(
        services.book,
        monkeypatch,
        meanwhile=lambda: first.append(services.ordering.place_immediate_order(command, request)),
    )
    order, replayed = services.ordering.placed_once(
        request, lambda: services.ordering.place_immediate_order(command, request)
    )
    assert writer.collided == 1 and replayed
    assert order.id == first[0].id == request.order_id and order.number == first[0].number


def test_registering_an_email_claimed_meanwhile_is_refused_naming_the_owner(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    command = RegisterCustomer.model_validate(new_customer("anna@example.com"))
    first: list[Any] = []
    writer = ConcurrentWriter(
        services.book, monkeypatch, meanwhile=lambda: first.append(services.customers.register(command))
    )
    with pytest.raises(EmailAlreadyClaimedError) as refused:
        services.customers.register(command)
    assert writer.collided == 1
    assert refused.value.customer_id == first[0].id


def test_a_channel_registered_meanwhile_under_the_same_name_is_a_duplicate(
    with_channels: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    channels = with_channels.channels
    writer = ConcurrentWriter(
        with_channels.book,
        monkeypatch,
        meanwhile=lambda: channels.register("shop", "fake", {"token": "a"}, None),
    )
    with pytest.raises(DuplicateChannelError):
        channels.register("shop", "fake", {"token": "b"}, 600)
    assert writer.collided == 1
    assert channels.get("shop").sync_interval_seconds is None  # the first one's


def test_a_channel_change_that_collides_with_a_sync_keeps_what_the_sync_recorded(
    with_channels: Services, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    channels = with_channels.channels
    channels.register("shop", "fake", {"token": "a"}, None)

    def sync_saves_a_checkpoint() -> None:
        channel = channels.get("shop")
        channel.save_checkpoint({"page": 2}, clock.now())
        with_channels.book.save(channel)

    writer = ConcurrentWriter(
        with_channels.book, monkeypatch, meanwhile=sync_saves_a_checkpoint, when=records("ScheduleChanged")
    )
    changed = channels.update("shop", None, 3600)
    assert writer.collided == 1
    stored: Channel = with_channels.book.get(Channel.id_for("shop"))
    assert (stored.checkpoint, stored.sync_interval_seconds) == ({"page": 2}, 3600)
    assert changed.version == stored.version == 3
