"""Oscar money fields (decimal strings with two places) -> exact Decimals."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from domain.money import CENT
from orderhub_oscar.addresses import OscarMappingError


def money(value: Any, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise OscarMappingError(f"{what} is {value!r}, not a decimal amount")
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise OscarMappingError(f"{what} is {value!r}, not a decimal amount") from None
    if not amount.is_finite() or amount != amount.quantize(CENT):
        raise OscarMappingError(f"{what} is {value!r}, not an amount in cents")
    return amount.quantize(CENT)
