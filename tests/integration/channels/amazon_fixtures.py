"""Shared set-up for the Amazon integration tests: a simulator with a fake clock, and order builders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from simulators.amazon.orders import SimItem, SimOrder
from simulators.amazon.state import AmazonSimulatorState
from testkit.channel_plugins import FakeClock

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
DE = "A1PA6795UKMFR9"
ADDRESS = {
    "name": "Anna Müller",
    "addressLine1": "Hauptstraße 5",
    "postalCode": "10115",
    "city": "Berlin",
    "countryCode": "DE",
    "phone": "+49 30 1234567",
    "addressType": "RESIDENTIAL",
}


def sim_order(
    number: int,
    placed: datetime,
    status: str = "Unshipped",
    items: int = 2,
    quantity: int = 2,
    line_total: str = "25.98",
) -> SimOrder:
    return SimOrder(
        amazon_order_id=f"302-{number:07d}-{number:07d}",
        purchase_date=placed,
        last_update=placed,
        status=status,
        buyer_email=f"buyer{number}@marketplace.amazon.de",
        address=dict(ADDRESS),
        items=[
            SimItem(
                order_item_id=f"{number}{index:03d}",
                sku=f"SKU-{index}",
                title=f"Artikel {index}",
                quantity=quantity,
                item_price=Decimal(line_total),
                shipping_price=Decimal("4.90") if index == 0 else Decimal("0.00"),
            )
            for index in range(items)
        ],
    )


def simulator(clock: FakeClock | None = None, **options: Any) -> AmazonSimulatorState:
    return AmazonSimulatorState(clock=clock or FakeClock(T0), **options)


def settings_for(url: str, state: AmazonSimulatorState, **extra: Any) -> dict[str, Any]:
    return state.channel_settings(url) | extra


def minutes_ago(clock: FakeClock, minutes: float) -> datetime:
    return clock.now() - timedelta(minutes=minutes)
