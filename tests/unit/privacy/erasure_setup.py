"""An in-memory orderhub with erasure and retention over ``MemoryPersonalKeys``, for use-case tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from adapters.channels.registry import KindRegistry
from adapters.persistence.sequences import SqlNumberSequence
from application.commands import ChangeOrderStatus, PlaceImmediateOrder, RegisterCustomer
from application.customer_matching import CustomerMatcher
from application.erasure import Erasure
from application.intake import ChannelIntake
from application.retention import Retention
from domain.channel_order import ChannelBuyer, ChannelOrder
from domain.order import Order
from domain.order_line import OrderLine
from domain.status import OrderStatus
from entrypoints.bootstrap import Services, bootstrap
from ports.channels import PulledOrder
from testkit.clock import FakeClock
from tests.support.memory_keys import MemoryPersonalKeys
from tests.support.order_data import ADDRESS

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


@dataclass
class Shop:
    services: Services
    clock: FakeClock
    keys: MemoryPersonalKeys
    erasure: Erasure
    retention: Retention
    intake: ChannelIntake

    def place(self, email: str | None = "anna@example.com", name: str = "Anna Schmidt") -> Order:
        customer = RegisterCustomer(name=name, email=email, billing_address=ADDRESS)  # type: ignore[arg-type]
        line = OrderLine(title="Tasse", quantity=1, unit_price="9.99")  # type: ignore[arg-type]
        command = PlaceImmediateOrder(customer=customer, currency="EUR", lines=[line])
        return self.services.ordering.place_immediate_order(command)

    def ship(self, order_id: UUID) -> None:
        self.services.ordering.change_status(order_id, ChangeOrderStatus(status=OrderStatus.SHIPPED))

    def import_order(
        self,
        external_id: str,
        buyer_id: str | None,
        email: str | None,
        status: OrderStatus = OrderStatus.SHIPPED,
        placed_at: datetime | None = None,
        channel: str = "ebay-de",
    ) -> Order:
        line = OrderLine(title="Tasse", quantity=1, unit_price="9.99")  # type: ignore[arg-type]
        order = ChannelOrder(
            external_id=external_id,
            status=status,
            currency="EUR",
            lines=[line],
            placed_at=placed_at or self.clock.now(),
            buyer=ChannelBuyer(external_id=buyer_id, email=email, name="Bea Käufer"),
        )
        self.intake.import_page(channel, "ebay", [PulledOrder(order=order)], self.clock.now())
        stored = self.services.book.get(Order.channel_order_id(channel, external_id))
        assert isinstance(stored, Order)
        return stored

    def events_of(self, aggregate_id: UUID) -> list[Any]:
        return list(self.services.book.events.get(aggregate_id))


@contextmanager
def shop(database_url: str = "memory://", now: datetime = NOW, retention_years: int = 10) -> Iterator[Shop]:
    clock = FakeClock(now)
    services = bootstrap(database_url, clock=clock, kinds=KindRegistry())
    keys = MemoryPersonalKeys()
    numbers = SqlNumberSequence(services.db)
    matcher = CustomerMatcher(services.book, numbers)
    erasure = Erasure(
        services.book,
        matcher,
        services.queries,
        services.projections,
        keys,
        services.db.scrub_sqlite,
        clock,
        retention_years=retention_years,
        zone=BERLIN,
    )
    retention = Retention(
        services.book,
        keys,
        services.projections,
        services.db.scrub_sqlite,
        clock,
        retention_years=retention_years,
        zone=BERLIN,
    )
    try:
        yield Shop(services, clock, keys, erasure, retention, ChannelIntake(services.book, numbers, matcher))
    finally:
        services.close()
