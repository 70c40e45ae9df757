"""Order lines, adjustments and tracking: the value objects an order is made of."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, StringConstraints

from domain.eventsourced import Immutable
from domain.money import Amount, Price, TaxRate

MAX_QUANTITY = 1_000_000


def _not_a_bool(value: object) -> object:
    # pydantic would take ``true`` for 1 item; a quantity must be a number.
    if isinstance(value, bool):
        raise ValueError("quantity must be a whole number, not true/false")
    return value


Quantity = Annotated[int, Field(gt=0, le=MAX_QUANTITY), BeforeValidator(_not_a_bool)]

Sku = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class OrderLine(Immutable):
    sku: Sku | None = None
    title: Title
    quantity: Quantity
    unit_price: Price
    tax_rate: TaxRate | None = None

    @property
    def total(self) -> Decimal:
        return self.quantity * self.unit_price


class Adjustment(Immutable):
    """A signed amount beside the lines: a coupon or discount (negative), a surcharge or fee."""

    kind: Literal["discount", "coupon", "surcharge", "fee", "tax"]
    title: Title
    amount: Amount


class Tracking(Immutable):
    carrier: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    number: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


def order_total(lines: list[OrderLine], shipping_cost: Decimal, adjustments: list[Adjustment]) -> Decimal:
    return (
        sum((line.total for line in lines), Decimal("0.00"))
        + shipping_cost
        + sum((a.amount for a in adjustments), Decimal("0.00"))
    )
