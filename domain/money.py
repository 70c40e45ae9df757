"""Money: exact Decimal amounts with at most two places, and ISO 4217 currency codes."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, WithJsonSchema

from domain.iso_codes import CURRENCY_CODES

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("1000000000")  # one billion per amount: far beyond any real order


def _to_decimal(value: object) -> object:
    if isinstance(value, float):
        raise ValueError("money must be a decimal string such as '19.99', not a float")
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a decimal amount") from None
    return value


def _plain(value: Decimal) -> str:
    """As a person writes it (1000000000, not 1.00000E+9); a number too long to show, by its digits."""
    digits = value.adjusted() + 1
    return f"{value:f}" if digits <= 30 else f"a number with {digits} digits"


def _check_amount(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError("amount must be a finite number")
    # The range check comes first: quantizing a value with more than 28 digits raises InvalidOperation.
    if abs(value) >= MAX_AMOUNT:
        raise ValueError(f"{_plain(value)} is out of range: an amount is at most {MAX_AMOUNT - CENT}")
    rounded = value.quantize(CENT)  # as_tuple() would tell the places too, at twice the cost
    if rounded != value:
        raise ValueError(f"{value} has more than two decimal places")
    return rounded


def _check_non_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise ValueError(f"{value} must not be negative")
    return value


# The documented (OpenAPI) form is the canonical decimal string; integers are accepted too.
Amount = Annotated[
    Decimal,
    BeforeValidator(_to_decimal),
    AfterValidator(_check_amount),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d{1,9}(\.\d{1,2})?$", "examples": ["-5.00"]}),
]
"""Any exact amount, signed (discounts are negative)."""

Price = Annotated[
    Amount,
    AfterValidator(_check_non_negative),
    WithJsonSchema({"type": "string", "pattern": r"^\d{1,9}(\.\d{1,2})?$", "examples": ["19.99"]}),
]
"""A non-negative exact amount."""


def _check_currency(value: str) -> str:
    code = value.strip().upper()
    if code not in CURRENCY_CODES:
        raise ValueError(f"{value!r} is not an ISO 4217 currency code")
    return code


Currency = Annotated[
    str,
    AfterValidator(_check_currency),
    WithJsonSchema({"type": "string", "enum": sorted(CURRENCY_CODES), "examples": ["EUR"]}),
]
"""An ISO 4217 code; accepted in any case and with surrounding blanks, stored upper-case."""


def _check_tax_rate(value: Decimal) -> Decimal:
    if not value.is_finite() or value < 0 or value > 100:
        raise ValueError(f"tax rate {value} must be between 0 and 100 (percent)")
    # to_integral_value, not normalize: Decimal("20").normalize() is 2E+1, which would be shown as such.
    return value.to_integral_value() if value == value.to_integral_value() else value


TaxRate = Annotated[
    Decimal,
    BeforeValidator(_to_decimal),
    AfterValidator(_check_tax_rate),
    WithJsonSchema({"type": "string", "pattern": r"^\d{1,2}(\.\d{1,4})?$", "examples": ["19"]}),
]
"""A percentage between 0 and 100."""
