"""An order's total is the exact sum of its lines and its shipping cost, whatever the lines."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from uuid import uuid4

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.order import Order
from domain.order_line import OrderLine
from tests.support.order_data import currencies, order_lines, prices

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def place(lines: list[OrderLine], shipping: Decimal, currency: str = "EUR") -> Order:
    return Order.place(
        order_id=uuid4(),
        number="ORD-1",
        customer_id=uuid4(),
        source_kind="immediate",
        currency=currency,
        lines=lines,
        shipping_cost=shipping,
        billing_address=None,
        shipping_address=None,
        note=None,
        now=NOW,
    )


def in_cents(amount: Decimal) -> int:
    assert amount == amount.quantize(Decimal("0.01")), f"{amount} is not a whole number of cents"
    return int(amount * 100)


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(order_lines, min_size=1, max_size=30), shipping=prices, currency=currencies)
def test_the_total_is_the_exact_sum_of_quantity_times_price_plus_shipping(
    lines: list[OrderLine], shipping: Decimal, currency: str
) -> None:
    order = place(lines, shipping, currency)
    expected_cents = sum(line.quantity * in_cents(line.unit_price) for line in lines) + in_cents(shipping)
    assert in_cents(order.total) == expected_cents
    assert isinstance(order.total, Decimal)


@settings(max_examples=100, deadline=None)
@given(line=order_lines)
def test_a_line_total_is_quantity_times_unit_price_with_two_places(line: OrderLine) -> None:
    assert line.total == line.quantity * line.unit_price
    assert line.total.as_tuple().exponent == -2


def test_the_documented_example_totals_64_87() -> None:
    order = place([OrderLine(title="Tasse", quantity=3, unit_price=Decimal("19.99"))], Decimal("4.90"))
    assert str(order.total) == "64.87"


def test_cent_amounts_that_floats_get_wrong_add_up_exactly() -> None:
    lines = [OrderLine(title="Stift", quantity=1, unit_price=Decimal("0.10")) for _ in range(3)]
    assert place(lines, Decimal("0.00")).total == Decimal("0.30")
