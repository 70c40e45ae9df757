"""What the event log says, read straight from the store: to check dedupe and projections against it.

log = EventLog.read(services)                 # every stored event, decoded
log.duplicate_channel_orders()                # [] when each (channel, external id) is one order
log.customers_by_email()                      # {"a@x.de": [customer ids]}
projection_mismatches(services, log)          # [] when the order and customer lists agree with it
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from domain.customer import Customer, normalise_email
from domain.order import Order
from entrypoints.bootstrap import Services
from ports.read_models import CustomerFilter, OrderFilter


@dataclass
class EventLog:
    orders: dict[UUID, Order] = field(default_factory=dict)
    customers: dict[UUID, Customer] = field(default_factory=dict)
    channel_keys: list[tuple[str, str]] = field(default_factory=list)
    """(channel, external id) of every ImportedFromChannel event, duplicates included."""
    events: int = 0

    @classmethod
    def read(cls, services: Services) -> EventLog:
        log, position = cls(), 0
        ids: set[UUID] = set()
        while batch := services.book.recorder.select_notifications(
            start=position, limit=500, inclusive_of_start=False
        ):
            for notification in batch:
                event = services.book.mapper.to_domain_event(notification)
                if isinstance(event, Order.ImportedFromChannel):
                    log.channel_keys.append((event.channel, event.order.external_id))
                ids.add(event.originator_id)
            log.events += len(batch)
            position = batch[-1].id
        for aggregate_id in ids:
            aggregate = services.book.get(aggregate_id)
            if isinstance(aggregate, Order):
                log.orders[aggregate_id] = aggregate
            elif isinstance(aggregate, Customer):
                log.customers[aggregate_id] = aggregate
        return log

    def duplicate_channel_orders(self) -> list[tuple[str, str]]:
        return [key for key, n in Counter(self.channel_keys).items() if n > 1]

    def customers_by_email(self) -> dict[str, list[UUID]]:
        found: dict[str, list[UUID]] = defaultdict(list)
        for customer in self.customers.values():
            email = normalise_email(customer.email)
            if email is not None:
                found[email].append(customer.id)
        return dict(found)


def _all(list_page: Any, filter_type: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    while True:
        page = list_page(filter_type(limit=500, offset=len(items)))
        items += page.items
        if not page.items or len(items) >= page.total:
            return items


def projection_mismatches(services: Services, log: EventLog) -> list[str]:
    """How the order and customer lists differ from the aggregates in the event log (empty: none)."""
    services.queries.catch_up()
    problems: list[str] = []
    listed = {UUID(row["id"]): row for row in _all(services.queries.list_orders, OrderFilter)}
    if set(listed) != set(log.orders):
        problems.append(f"order list has {len(listed)} orders, the event log {len(log.orders)}")
    for order_id, order in log.orders.items():
        row = listed.get(order_id)
        if row is not None and (row["status"], row["version"], row["number"]) != (
            str(order.status),
            order.version,
            order.number,
        ):
            problems.append(f"order {order_id}: listed {row}, stored {order.status} v{order.version}")
    customers = {UUID(row["id"]) for row in _all(services.queries.list_customers, CustomerFilter)}
    if customers != set(log.customers):
        problems.append(f"customer list has {len(customers)} customers, the event log {len(log.customers)}")
    return problems
