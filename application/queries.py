"""Queries of orders for the entrypoints: one order, its history, and the order lists.

One order is read from the store (its cached read: the hottest request of the API), lists come
from the order-list read model (ports/read_models.py).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from application.aggregate_store import AggregateStore
from domain.customer import Customer
from domain.errors import CustomerNotFoundError, OrderNotFoundError
from domain.order import Order
from ports.read_models import OrderFilter, Page, ReadModelQueries


class OrderQueries:
    def __init__(self, store: AggregateStore, read_models: ReadModelQueries) -> None:
        self._store, self._read_models = store, read_models

    def order(self, order_id: UUID) -> Order:
        """Possibly the object an earlier read returned: the caller must not change it."""
        order = self._store.read(order_id)
        if not isinstance(order, Order):
            raise OrderNotFoundError(order_id)
        return order

    def restricted(self, customer_id: UUID) -> bool:
        """The customer is erased: the names and addresses its orders keep for the law are shown to
        admins only (GDPR Art. 18). Asked only for callers who are not admins."""
        customer = self._store.read(customer_id)
        return isinstance(customer, Customer) and customer.erased

    def order_as_seen(self, order_id: UUID, by_admin: bool) -> tuple[Order, bool]:
        """The order, and whether the caller must see it restricted."""
        order = self.order(order_id)
        return order, not by_admin and self.restricted(order.customer_id)

    def history_of_erased(self, order_id: UUID) -> tuple[list[Any], bool]:
        """The order's events, and whether its customer is erased (its buyer shown to no one, its
        names and addresses to admins only)."""
        events = self.history(order_id)
        return events, self.restricted(events[0].customer_id)

    def history(self, order_id: UUID) -> list[Any]:
        """The order's events, oldest first."""
        events = list(self._store.events.get(order_id))  # read once: they also tell whether it is an order
        if not events or not isinstance(events[0], Order.Created | Order.ImportedFromChannel):
            raise OrderNotFoundError(order_id)
        return events

    def orders(self, query: OrderFilter) -> Page:
        return self._read_models.list_orders(query)

    def orders_of_customer(self, customer_id: UUID, query: OrderFilter) -> Page:
        """The customer's orders, paged and sorted as ``query`` says; an unknown customer is a 404."""
        if not isinstance(self._store.read(customer_id), Customer):
            raise CustomerNotFoundError(customer_id)
        return self._read_models.list_orders(query.model_copy(update={"customer_id": customer_id}))
