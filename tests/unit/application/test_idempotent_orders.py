"""Orders placed with an Idempotency-Key (application/idempotency.py), on in-memory persistence."""

from __future__ import annotations

import pytest

from adapters.persistence.sequences import SqlNumberSequence
from application.commands import OrderDraft, PlaceImmediateOrder
from application.idempotency import IdempotencyKeyReusedError, OrderAlreadyPlacedError, RequestKey
from domain.order import Order
from entrypoints.bootstrap import Services
from tests.support.order_data import draft, immediate_order, line


def command(**changes: object) -> PlaceImmediateOrder:
    return PlaceImmediateOrder.model_validate(immediate_order(**changes))


def test_the_key_decides_the_order_id_and_the_order_keeps_the_request_fingerprint(services: Services) -> None:
    request = RequestKey.of("k-1", "immediate", command())
    assert services.ordering.placed_before(request) is None
    order = services.ordering.place_immediate_order(command(), request)
    assert (order.id, order.request_hash) == (request.order_id, request.fingerprint)
    assert services.ordering.placed_before(request) == services.book.get(order.id)


def test_placing_again_with_the_same_key_is_refused_as_already_placed(services: Services) -> None:
    request = RequestKey.of("k-2", "immediate", command())
    services.ordering.place_immediate_order(command(), request)
    numbers = SqlNumberSequence(services.db)
    before = numbers.next_numbers("order", 1)[0]
    with pytest.raises(OrderAlreadyPlacedError):
        services.ordering.place_immediate_order(command(), request)  # no eight attempts: told at once
    assert numbers.next_numbers("order", 1)[0] == before + 2  # the refused attempt took one number


def test_the_fingerprint_tells_a_different_request_apart(services: Services) -> None:
    same = RequestKey.of("k-3", "immediate", command())
    assert same == RequestKey.of("k-3", "immediate", command())
    other = RequestKey.of("k-3", "immediate", command(lines=[line(quantity=9)]))
    assert other.order_id == same.order_id and other.fingerprint != same.fingerprint
    services.ordering.place_immediate_order(command(), same)
    with pytest.raises(IdempotencyKeyReusedError, match="k-3"):
        services.ordering.placed_before(other)


def test_a_customer_order_with_a_key_is_placed_once(services: Services) -> None:
    first = services.ordering.place_immediate_order(command())
    body = OrderDraft.model_validate(draft())
    request = RequestKey.of("k-4", "customer", body, first.customer_id)
    assert request != RequestKey.of("k-4", "immediate", body, first.customer_id)
    order = services.ordering.place_customer_order(first.customer_id, body, request=request)
    with pytest.raises(OrderAlreadyPlacedError):
        services.ordering.place_customer_order(first.customer_id, body, request=request)
    assert services.ordering.placed_before(request) == services.book.get(order.id)


def test_an_order_snapshot_taken_before_request_hashes_existed_still_loads(services: Services) -> None:
    order = services.ordering.place_immediate_order(command())
    snapshot = Order.Snapshot.take(order)
    old = snapshot.model_copy(
        update={"state": {k: v for k, v in snapshot.state.items() if k != "request_hash"}}
    )
    assert old.mutate(None).request_hash is None


def test_placed_once_places_the_first_time_and_replays_after(services: Services) -> None:
    request = RequestKey.of("k-5", "immediate", command())

    def place() -> Order:
        return services.ordering.place_immediate_order(command(), request)

    first, replayed = services.ordering.placed_once(request, place)
    again, replayed_again = services.ordering.placed_once(request, place)
    assert (replayed, replayed_again) == (False, True) and again.id == first.id
    one, two = (
        services.ordering.placed_once(None, lambda: services.ordering.place_immediate_order(command()))
        for _ in range(2)
    )
    assert not one[1] and not two[1] and one[0].id != two[0].id
