"""Money: exact Decimal amounts with at most two places, ISO 4217 currency codes and their minor units."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, WithJsonSchema

from domain.iso_codes import CURRENCY_CODES

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("1000000000")  # one billion per amount: far beyond any real order
MAX_ORDER_TOTAL = Decimal("999999999.99")
"""The largest total (in either direction) one order may have: bounding each amount does not bound
a sum of 1,000 lines of a million items each, and the read models keep totals as 64-bit cents."""

MINOR_UNITS = {
    # ISO 4217 exponents other than 2 (SIX Group's list one, the maintenance agency's table A.1).
    **dict.fromkeys(("BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG"), 0),
    **dict.fromkeys(("RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"), 0),
    **dict.fromkeys(("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"), 3),
    "CLF": 4,
    "UYW": 4,
}
"""Places of a currency's minor unit where it is not 2 (JPY has none: no amount of 100.50 yen)."""


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
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{1,2}(\.\d{1,4})?$",
            "examples": ["19"],
            "description": "A percentage between 0 and 100: 19 means 19 % (not 0.19).",
        }
    ),
]
"""A percentage between 0 and 100."""


def minor_units(currency: str) -> int:
    """The ISO 4217 exponent of ``currency``: how many decimal places its amounts have."""
    return MINOR_UNITS.get(currency, 2)


def minor_units_problem(amount: Decimal, currency: str) -> str | None:
    """Why ``amount`` is not a whole number of ``currency``'s minor units, or None when it is.

    orderhub keeps amounts in cents, so currencies with three or four places take two at most."""
    places = min(minor_units(currency), 2)
    if amount == amount.quantize(Decimal(1).scaleb(-places)):
        return None
    unit = "has no minor unit" if places == 0 else f"has {places} decimal place(s)"
    return f"{amount} is not a whole amount of {currency} ({currency} {unit})"


def order_total_problem(total: Decimal) -> str | None:
    """Why an order's ``total`` is out of bounds, or None when it is within ``MAX_ORDER_TOTAL``."""
    if abs(total) <= MAX_ORDER_TOTAL:
        return None
    return f"the order total {total} exceeds the maximum order total of {MAX_ORDER_TOTAL} (either sign)"


def tax_rate_problem(rate: Decimal) -> str | None:
    """Why a new line's tax rate reads like a fraction, or None: rates are percentages, and
    ``0.19`` is far more often a 19 % rate written as a fraction than a 0.19 % one (no VAT rate
    between 0 and 1 % exists)."""
    if 0 < rate < 1:
        return f"{rate} would mean {rate} %; a tax rate is a percentage (19 means 19 %)"
    return None
