"""Order totals are bounded, and the sales report sums any number of orders exactly, on every store."""

from __future__ import annotations

from decimal import Decimal
from uuid import uuid4

from domain.money import MAX_ORDER_TOTAL
from domain.order import Order
from domain.order_line import MAX_QUANTITY, OrderLine
from tests.integration.http.conftest import place
from tests.support.harness import Harness
from tests.support.order_data import immediate_order, new_customer

AT_THE_MAXIMUM = [{"title": "Yacht", "quantity": 1, "unit_price": str(MAX_ORDER_TOTAL)}]


def revenue(harness: Harness) -> tuple[int, Decimal]:
    response = harness.client.get("/api/v1/reports/sales", params={"group_by": "channel"})
    assert response.status_code == 200, response.text
    (row,) = response.json()["items"]
    return row["orders"], Decimal(row["revenue"])


def test_an_order_over_the_maximum_total_is_422_naming_the_maximum(harness: Harness) -> None:
    body = immediate_order(lines=[{"title": "Tanker", "quantity": 2, "unit_price": "999999999.00"}])
    response = harness.client.post("/api/v1/orders", json=body)
    assert response.status_code == 422
    assert f"maximum order total of {MAX_ORDER_TOTAL}" in response.json()["detail"]
    assert harness.orders() == []


def test_many_orders_at_the_maximum_total_are_summed_exactly(harness: Harness) -> None:
    for n in range(30):
        body = immediate_order(new_customer(f"rich{n}@example.com"), lines=AT_THE_MAXIMUM)
        place(harness, {**body, "shipping_cost": "0.00"})
    assert revenue(harness) == (30, 30 * MAX_ORDER_TOTAL)


def _legacy_order(harness: Harness, n: int) -> None:
    """An order placed before totals were bounded: the store may hold such orders for good."""
    line = OrderLine(title="Tanker", quantity=MAX_QUANTITY, unit_price=Decimal("999999999.99"))
    customer = place(harness, immediate_order(new_customer(f"old{n}@example.com")))["customer_id"]
    order = Order._create(  # not Order.place, which now refuses this total
        Order.Created,
        id=uuid4(),
        timestamp=harness.clock.now(),
        number=f"LEGACY-{n}",
        customer_id=customer,
        source_kind="immediate",
        currency="EUR",
        lines=[line],
        shipping_cost=Decimal("0.00"),
        billing_address=None,
        shipping_address=None,
    )
    harness.services.book.save(order)


def test_orders_stored_before_the_bound_are_summed_exactly_without_overflow(harness: Harness) -> None:
    # 100 orders of about 10**17 cents each: their sum is past SQLite's 64-bit integers.
    for n in range(100):
        _legacy_order(harness, n)
    legacy = MAX_QUANTITY * Decimal("999999999.99")
    assert revenue(harness) == (200, 100 * legacy + 100 * Decimal("64.87"))
    harness.services.projections.rebuild("sales_report")
    assert revenue(harness) == (200, 100 * legacy + 100 * Decimal("64.87"))


def test_the_exact_sum_survives_a_restart(shared_database_url: str) -> None:
    database_url = shared_database_url  # stores that outlive their process: SQLite and PostgreSQL
    with Harness.start(database_url) as first:
        for n in range(100):
            _legacy_order(first, n)
        expected = revenue(first)
    with Harness.start(database_url) as second:
        assert revenue(second) == expected
        assert expected[1] > Decimal(2**63).scaleb(-2)
