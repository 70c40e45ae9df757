"""Events replay to the same state: an order saved through the application loads back identical."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from uuid import uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.channels.registry import KindRegistry
from application.commands import ChangeOrderStatus, ParcelLine, PlaceImmediateOrder, RegisterCustomer
from domain.address import Address
from domain.channel_order import ChannelOrder
from domain.errors import IllegalStatusChangeError, InvalidOrderError
from domain.order import Order
from domain.order_line import OrderLine, Tracking
from domain.status import OrderStatus
from entrypoints.bootstrap import Services, bootstrap
from testkit.channel_plugins import FakeClock
from tests.support.order_data import (
    addresses,
    currencies,
    order_lines,
    prices,
    settable_statuses,
    trackings,
    words,
)

CLOCK = FakeClock(datetime(2026, 11, 2, 9, 0, tzinfo=UTC))


@pytest.fixture(scope="module")
def services() -> Iterator[Services]:
    built = bootstrap("memory://", clock=CLOCK, kinds=KindRegistry())
    yield built
    built.close()


def state(aggregate: Any) -> dict[str, Any]:
    return {k: v for k, v in vars(aggregate).items() if k != "_pending_events"}


changes = st.lists(
    st.tuples(settable_statuses, st.none() | trackings, st.sampled_from([None, "customer asked"])), max_size=8
)


@settings(max_examples=40, deadline=None)
@given(
    lines=st.lists(order_lines, min_size=1, max_size=5),
    shipping=prices,
    currency=currencies,
    billing=addresses,
    shipping_address=st.none() | addresses,
    note=st.none() | words,
    sequence=changes,
)
def test_an_order_reloaded_from_the_store_equals_the_one_that_was_saved(
    services: Services,
    lines: list[OrderLine],
    shipping: Decimal,
    currency: str,
    billing: Address,
    shipping_address: Address | None,
    note: str | None,
    sequence: list[tuple[OrderStatus, Tracking | None, str | None]],
) -> None:
    customer = RegisterCustomer(name="Anna", billing_address=billing)
    order = services.ordering.place_immediate_order(
        PlaceImmediateOrder(
            customer=customer,
            currency=currency,
            lines=lines,
            shipping_cost=shipping,
            shipping_address=shipping_address,
            note=note,
        )
    )
    for status, tracking, reason in sequence:
        CLOCK.advance(60)
        with contextlib.suppress(IllegalStatusChangeError, InvalidOrderError):
            order = services.ordering.change_status(
                order.id, ChangeOrderStatus(status=status, tracking=tracking, reason=reason)
            )
    reloaded: Order = services.book.repository.get(order.id)
    assert state(reloaded) == state(order)
    assert reloaded.total == order.total and reloaded.status == order.status


def test_an_order_with_more_events_than_the_snapshot_interval_reloads_the_same(services: Services) -> None:
    customer = RegisterCustomer(
        name="Anna",
        billing_address=Address.model_validate(
            {"name": "Anna", "street": "Weg 1", "postal_code": "1010", "city": "Wien", "country_code": "AT"}
        ),
    )
    order = services.ordering.place_immediate_order(
        PlaceImmediateOrder(
            customer=customer,
            currency="EUR",
            lines=[OrderLine(title="Kiste", quantity=120, unit_price=Decimal("1.00"))],
        )
    )
    for parcel in range(120):  # one parcel each: far past the snapshot interval
        order = services.ordering.change_status(
            order.id,
            ChangeOrderStatus(
                status="partially_shipped",
                tracking=Tracking(carrier="DHL", number=f"{parcel}"),
                lines=[
                    ParcelLine(line=0, quantity=1)
                ],  # a one-line order's partial parcel says what it holds
            ),
        )
    assert services.book.snapshots is not None
    assert [s.originator_version for s in services.book.snapshots.get(order.id)] == [50, 100]
    reloaded: Order = services.book.repository.get(order.id)
    assert reloaded.version == 121
    assert state(reloaded) == state(order)


def test_a_customer_reloaded_from_the_store_equals_the_one_that_was_saved(services: Services) -> None:
    customer = services.customers.register(
        RegisterCustomer.model_validate(
            {
                "name": "Bernd",
                "email": "Bernd@Example.com",
                "company": "Bernd GmbH",
                "billing_address": {
                    "name": "Bernd",
                    "street": "Weg 2",
                    "postal_code": "8001",
                    "city": "Zürich",
                    "country_code": "ch",
                },
            }
        )
    )
    assert state(services.book.repository.get(customer.id)) == state(customer)


NOW = datetime(2026, 1, 1, tzinfo=UTC)


def reported_order(**fields: Any) -> ChannelOrder:
    line = OrderLine(title="Ding", quantity=1, unit_price=Decimal("5.00"))
    return ChannelOrder(
        **{
            "external_id": "E1",
            "status": OrderStatus.PAID,
            "currency": "EUR",
            "placed_at": NOW,
            "lines": [line],
        }
        | fields
    )


def imported(reported: ChannelOrder) -> Order:
    return Order.import_from_channel(
        channel="ebay-de",
        channel_kind="ebay",
        number="ORD-1",
        customer_id=uuid4(),
        order=reported,
        receipt=None,
        now=NOW,
    )


def test_an_address_the_channel_no_longer_sends_is_kept() -> None:
    address = Address(name="Anna", street="Ring 5", postal_code="20095", city="Hamburg", country_code="DE")
    reported = reported_order(shipping_address=address)
    order = imported(reported)
    later = reported.model_copy(update={"shipping_address": None, "status": OrderStatus.SHIPPED})
    assert order.sync_from_channel(later, None, NOW)
    assert (order.shipping_address, order.status) == (address, OrderStatus.SHIPPED)


def test_a_channel_order_restored_from_a_snapshot_still_knows_the_content_it_last_took() -> None:
    """The fingerprint is computed lazily (an import does not serialise each order twice) but is
    kept in snapshots: a re-sync of unchanged content after a snapshot records nothing."""
    reported = reported_order(external_id="E2")
    snapshot = Order.Snapshot.take(imported(reported))
    assert snapshot.state["channel_fingerprint"] == reported.fingerprint()
    restored = snapshot.mutate(None)
    assert restored.channel_fingerprint == reported.fingerprint()
    assert not restored.sync_from_channel(reported.model_copy(), None, NOW)
    assert restored.sync_from_channel(reported.model_copy(update={"note": "gift"}), None, NOW)
    assert restored.channel_fingerprint != reported.fingerprint()
