"""Order lines, adjustments and tracking: the value objects an order is made of."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, StringConstraints

from domain.eventsourced import Immutable
from domain.money import Amount, Price, TaxRate

MAX_QUANTITY = 1_000_000


def _whole_number(value: object) -> object:
    # pydantic would take ``true`` for 1 item and "3" or 3.0 for 3; a quantity is a count, and
    # guessing at what a string or a float meant hides a broken client.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"quantity must be a whole number such as 3, not {type(value).__name__} {value!r}")
    return value


Quantity = Annotated[int, Field(gt=0, le=MAX_QUANTITY), BeforeValidator(_whole_number)]

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
