"""Queries of orders and customers for the entrypoints: one order, its history, the lists, exports.

One order is read from the store (its cached read: the hottest request of the API), lists come
from the order-list read model (ports/read_models.py). An order or a customer is named by its id or
by its number (``ORD-1042``, ``CUS-17``, in any case): people read numbers, programs keep ids.
Date filters are the merchant's days (application/periods.py), in the zone given at bootstrap.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, tzinfo
from typing import Any
from uuid import UUID

from application.aggregate_store import AggregateStore
from application.periods import period
from domain.customer import Customer
from domain.errors import CustomerNotFoundError, OrderNotFoundError
from domain.order import Order
from ports.read_models import CustomerFilter, OrderFilter, Page, ReadModelQueries


def as_uuid(reference: str | UUID) -> UUID | None:
    """The id ``reference`` spells, or None when it is not one (then it may be a number)."""
    if isinstance(reference, UUID):
        return reference
    try:
        return UUID(reference)
    except ValueError:
        return None


class OrderQueries:
    def __init__(self, store: AggregateStore, read_models: ReadModelQueries, zone: tzinfo) -> None:
        self._store, self._read_models, self.zone = store, read_models, zone

    def order_id(self, reference: str | UUID) -> UUID:
        """The id of the order ``reference`` names (its id or its number); unknown: a 404."""
        found = as_uuid(reference)
        if found is None:
            found = self._read_models.order_id_by_number(str(reference)[:200])
        if found is None:
            raise OrderNotFoundError(reference)
        return found

    def customer_id(self, reference: str | UUID) -> UUID:
        """The id of the customer ``reference`` names (its id or its number); unknown: a 404."""
        found = as_uuid(reference)
        if found is None:
            found = self._read_models.customer_id_by_number(str(reference)[:200])
        if found is None:
            raise CustomerNotFoundError(reference)
        return found

    def order(self, reference: str | UUID) -> Order:
        """Possibly the object an earlier read returned: the caller must not change it."""
        order_id = self.order_id(reference)
        order = self._store.read(order_id)
        if not isinstance(order, Order):
            raise OrderNotFoundError(reference)
        return order

    def history(self, reference: str | UUID) -> list[Any]:
        """The order's events, oldest first."""
        order_id = self.order_id(reference)
        events = list(self._store.events.get(order_id))  # read once: they also tell whether it is an order
        if not events or not isinstance(events[0], Order.Created | Order.ImportedFromChannel):
            raise OrderNotFoundError(reference)
        return events

    def period(self, start: str | None, end: str | None) -> tuple[datetime | None, datetime | None]:
        """``created_from``/``created_to`` as UTC instants [from, to): dates are whole merchant days."""
        return period(self.zone, start, end)

    def orders(self, query: OrderFilter) -> Page:
        return self._read_models.list_orders(query)

    def export(self, query: OrderFilter) -> Iterator[list[dict[str, Any]]]:
        """Every order the filter matches, in batches (its limit and offset do not apply)."""
        return self._read_models.export_orders(query)

    def orders_of_customer(self, customer: str | UUID, query: OrderFilter) -> Page:
        """The customer's orders, paged and sorted as ``query`` says; an unknown customer is a 404."""
        customer_id = self.customer_id(customer)
        if not isinstance(self._store.read(customer_id), Customer):
            raise CustomerNotFoundError(customer)
        return self._read_models.list_orders(query.model_copy(update={"customer_id": customer_id}))

    def customers(self, query: CustomerFilter) -> Page:
        return self._read_models.list_customers(query)
