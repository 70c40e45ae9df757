"""Money: exact Decimal amounts with at most two places, and ISO 4217 currency codes."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator

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


def _check_amount(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError("amount must be a finite number")
    if value.as_tuple().exponent < -2 and value != value.quantize(CENT):  # type: ignore[operator]
        raise ValueError(f"{value} has more than two decimal places")
    if abs(value) >= MAX_AMOUNT:
        raise ValueError(f"{value} is out of range")
    return value.quantize(CENT)


def _check_non_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise ValueError(f"{value} must not be negative")
    return value


Amount = Annotated[Decimal, BeforeValidator(_to_decimal), AfterValidator(_check_amount)]
"""Any exact amount, signed (discounts are negative)."""

Price = Annotated[Amount, AfterValidator(_check_non_negative)]
"""A non-negative exact amount."""


def _check_currency(value: str) -> str:
    code = value.strip().upper()
    if code not in CURRENCY_CODES:
        raise ValueError(f"{value!r} is not an ISO 4217 currency code")
    return code


Currency = Annotated[str, AfterValidator(_check_currency)]


def _check_tax_rate(value: Decimal) -> Decimal:
    if not value.is_finite() or value < 0 or value > 100:
        raise ValueError(f"tax rate {value} must be between 0 and 100 (percent)")
    return value.normalize() if value == value.to_integral() else value


TaxRate = Annotated[Decimal, BeforeValidator(_to_decimal), AfterValidator(_check_tax_rate)]
