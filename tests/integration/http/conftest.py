"""Helpers for the HTTP tests: what is stored, and placing orders through the API."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.support.harness import Harness
from tests.support.order_data import immediate_order


@dataclass(frozen=True)
class Stored:
    events: int
    orders: int
    customers: int


def stored(harness: Harness) -> Stored:
    """How much is stored: events in the log, and the orders and customers the API lists."""
    orders = harness.client.get("/api/v1/orders", params={"limit": 1})
    customers = harness.client.get("/api/v1/customers", params={"limit": 1})
    assert orders.status_code == customers.status_code == 200
    return Stored(
        events=harness.services.book.recorder.max_notification_id() or 0,
        orders=orders.json()["total"],
        customers=customers.json()["total"],
    )


def place(harness: Harness, body: dict[str, Any] | None = None) -> dict[str, Any]:
    response = harness.client.post("/api/v1/orders", json=body or immediate_order())
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


@pytest.fixture
def order(harness: Harness) -> dict[str, Any]:
    """One immediate order with a new customer (anna@example.com), 64.87 EUR."""
    return place(harness)


@pytest.fixture
def memory_harness() -> Iterator[Harness]:
    """For behaviour that does not depend on the store (auth, validation): memory only, fast."""
    with Harness.start() as h:
        yield h
