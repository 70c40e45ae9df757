"""Reading orders for the entrypoints (application/queries.py), on in-memory persistence."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from adapters.channels.registry import KindRegistry
from application.commands import OrderDraft, PlaceImmediateOrder
from application.reports import totals
from domain.errors import CustomerNotFoundError, OrderNotFoundError
from entrypoints.bootstrap import Services, bootstrap
from ports.read_models import OrderFilter, SalesRow
from tests.support.order_data import draft, immediate_order, new_customer


def place(services: Services, email: str) -> str:
    command = PlaceImmediateOrder.model_validate(immediate_order(new_customer(email)))
    return str(services.ordering.place_immediate_order(command).id)


def test_one_order_is_the_stores_cached_read_and_anything_else_is_not_found(services: Services) -> None:
    order = services.ordering.place_immediate_order(PlaceImmediateOrder.model_validate(immediate_order()))
    assert services.order_queries.order(order.id).total == order.total
    with pytest.raises(OrderNotFoundError):
        services.order_queries.order(order.customer_id)  # a customer is not an order
    with pytest.raises(OrderNotFoundError):
        services.order_queries.history(order.customer_id)
    assert [type(e).__name__ for e in services.order_queries.history(order.id)] == ["Created"]


def test_one_order_is_read_through_the_stores_cache_where_there_is_one(tmp_path: Path) -> None:
    services = bootstrap(f"sqlite:///{tmp_path}/orders.db", kinds=KindRegistry())
    try:
        order = services.ordering.place_immediate_order(PlaceImmediateOrder.model_validate(immediate_order()))
        first = services.order_queries.order(order.id)
        assert services.order_queries.order(order.id) is first  # what GET /orders/{id} relies on
    finally:
        services.close()


def test_a_customers_orders_are_theirs_only_and_an_unknown_customer_is_not_found(services: Services) -> None:
    anna = services.order_queries.order(UUID(place(services, "anna@example.com")))
    place(services, "bob@example.com")
    second = services.ordering.place_customer_order(anna.customer_id, OrderDraft.model_validate(draft()))
    page = services.order_queries.orders_of_customer(anna.customer_id, OrderFilter(customer_id=uuid4()))
    assert page.total == 2
    assert {o["id"] for o in page.items} == {str(anna.id), str(second.id)}
    assert services.order_queries.orders(OrderFilter()).total == 3
    with pytest.raises(CustomerNotFoundError):
        services.order_queries.orders_of_customer(uuid4(), OrderFilter())
    with pytest.raises(CustomerNotFoundError):
        services.order_queries.orders_of_customer(anna.id, OrderFilter())  # an order is not a customer


def test_report_totals_sum_each_currency_over_all_groups() -> None:
    rows = [
        SalesRow("ebay", "EUR", 2, Decimal("10.00"), 1, Decimal("1")),
        SalesRow("amazon", "EUR", 1, Decimal("5.00"), 0, Decimal("0")),
        SalesRow("ebay", "CHF", 1, Decimal("7.00"), 0, Decimal("0")),
    ]
    assert [(r.key, r.currency, r.orders, str(r.revenue), r.cancelled_orders) for r in totals(rows)] == [
        ("total", "CHF", 1, "7.00", 0),
        ("total", "EUR", 3, "15.00", 1),
    ]
