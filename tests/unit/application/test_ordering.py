"""Immediate orders, customer orders and status changes, on in-memory persistence."""

from __future__ import annotations

import unicodedata
from typing import Any
from uuid import uuid4

import pytest

from application.commands import ChangeOrderStatus, OrderDraft, PlaceImmediateOrder, RegisterCustomer
from domain.customer import Customer
from domain.errors import CustomerNotFoundError, IllegalStatusChangeError, OrderNotFoundError
from domain.status import OrderStatus
from entrypoints.bootstrap import Services
from ports.read_models import CustomerFilter
from testkit.channel_plugins import FakeClock
from tests.support.order_data import ADDRESS, draft, immediate_order, new_customer


def place(services: Services, **body: Any) -> Any:
    return services.ordering.place_immediate_order(PlaceImmediateOrder.model_validate(body))


def customers(services: Services) -> list[dict[str, Any]]:
    return services.queries.list_customers(CustomerFilter(limit=500)).items


def test_an_immediate_order_with_new_customer_data_creates_that_customer(services: Services) -> None:
    order = place(services, **immediate_order())
    customer: Customer = services.book.repository.get(order.customer_id)
    assert isinstance(customer, Customer)
    assert customer.contact.name == "Anna Schmidt" and customer.contact.email == "anna@example.com"
    assert [type(e).__name__ for e in services.book.events.get(customer.id)] == ["Created"]
    assert order.source_kind == "immediate" and str(order.total) == "64.87"


def test_an_immediate_order_takes_the_new_customers_address_when_it_has_none(services: Services) -> None:
    order = place(services, **immediate_order())
    assert order.billing_address is not None and order.billing_address.city == "Berlin"
    assert order.shipping_address == order.billing_address


@pytest.mark.parametrize("spelling", ["anna@example.com", "  Anna@Example.COM ", "ANNA@EXAMPLE.COM"])
def test_new_customer_data_with_a_known_email_goes_to_that_customer(
    services: Services, spelling: str
) -> None:
    first = place(services, **immediate_order(new_customer("anna@example.com")))
    second = place(services, **immediate_order(new_customer(spelling, name="A. Schmidt")))
    assert second.customer_id == first.customer_id
    assert len(customers(services)) == 1


def test_new_customer_data_with_the_email_in_nfd_goes_to_the_customer_of_its_nfc_spelling(
    services: Services,
) -> None:
    nfc, nfd = (unicodedata.normalize(form, "jürgen.n@example.de") for form in ("NFC", "NFD"))
    first = place(services, **immediate_order(new_customer(nfc)))
    second = place(services, **immediate_order(new_customer(nfd)))
    assert second.customer_id == first.customer_id
    assert len(customers(services)) == 1


def test_new_customer_data_without_an_email_always_makes_a_new_customer(services: Services) -> None:
    first = place(services, **immediate_order(new_customer(None)))
    second = place(services, **immediate_order(new_customer(None)))
    assert first.customer_id != second.customer_id
    assert len(customers(services)) == 2


def test_an_immediate_order_for_an_existing_customer_id(services: Services) -> None:
    customer = services.customers.register(RegisterCustomer.model_validate(new_customer()))
    order = place(services, customer_id=str(customer.id), **draft())
    assert order.customer_id == customer.id and order.source_kind == "immediate"


def test_an_immediate_order_for_an_unknown_customer_id_is_refused(services: Services) -> None:
    with pytest.raises(CustomerNotFoundError):
        place(services, customer_id=str(uuid4()), **draft())


def test_a_customer_order_is_placed_for_the_customer_of_the_record(services: Services) -> None:
    customer = services.customers.register(RegisterCustomer.model_validate(new_customer()))
    order = services.ordering.place_customer_order(customer.id, OrderDraft.model_validate(draft()))
    assert order.customer_id == customer.id and order.source_kind == "customer"
    assert order.billing_address is not None and order.billing_address.postal_code == ADDRESS["postal_code"]


def test_a_customer_order_for_an_unknown_customer_is_refused(services: Services) -> None:
    with pytest.raises(CustomerNotFoundError):
        services.ordering.place_customer_order(uuid4(), OrderDraft.model_validate(draft()))


def test_order_numbers_are_unique_and_human_readable(services: Services) -> None:
    numbers = [place(services, **immediate_order()).number for _ in range(30)]
    assert len(set(numbers)) == 30
    assert all(n.startswith("ORD-") and n[4:].isdigit() for n in numbers)


def test_customer_numbers_are_unique(services: Services) -> None:
    made = [place(services, **immediate_order(new_customer(f"c{i}@example.com"))) for i in range(10)]
    numbers: set[str] = {services.book.repository.get(o.customer_id).number for o in made}
    assert len(numbers) == 10


def test_status_changes_move_an_order_to_paid_then_shipped(services: Services, clock: FakeClock) -> None:
    order = place(services, **immediate_order())
    clock.advance(60)
    services.ordering.change_status(order.id, ChangeOrderStatus(status=OrderStatus.PAID))
    shipped = services.ordering.change_status(
        order.id,
        ChangeOrderStatus.model_validate(
            {"status": "shipped", "tracking": {"carrier": "DHL", "number": "1"}}
        ),
    )
    assert shipped.status is OrderStatus.SHIPPED and shipped.version == 3
    assert [t.number for t in shipped.tracking] == ["1"]
    assert [type(e).__name__ for e in services.book.events.get(order.id)] == [
        "Created",
        "StatusChanged",
        "StatusChanged",
    ]


def test_a_cancellation_keeps_its_reason(services: Services) -> None:
    order = place(services, **immediate_order())
    cancelled = services.ordering.change_status(
        order.id, ChangeOrderStatus(status=OrderStatus.CANCELLED, reason=" out of stock ")
    )
    assert cancelled.status is OrderStatus.CANCELLED and cancelled.cancel_reason == "out of stock"


def test_an_illegal_status_change_is_refused_and_nothing_is_recorded(services: Services) -> None:
    order = place(services, **immediate_order())
    services.ordering.change_status(order.id, ChangeOrderStatus(status=OrderStatus.SHIPPED))
    with pytest.raises(IllegalStatusChangeError):
        services.ordering.change_status(order.id, ChangeOrderStatus(status=OrderStatus.CANCELLED, reason="x"))
    assert services.book.repository.get(order.id).version == 2


def test_a_status_change_for_an_unknown_order_is_refused(services: Services) -> None:
    with pytest.raises(OrderNotFoundError):
        services.ordering.change_status(uuid4(), ChangeOrderStatus(status=OrderStatus.PAID))


def test_a_local_order_queues_nothing_for_a_channel(services: Services) -> None:
    order = place(services, **immediate_order())
    paid = services.ordering.change_status(order.id, ChangeOrderStatus(status=OrderStatus.PAID))
    assert paid.pending_pushes == {}
