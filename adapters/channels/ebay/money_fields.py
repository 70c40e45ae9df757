"""Reading eBay ``Amount`` objects (``{"value": "12.34", "currency": "EUR"}``) as exact cents."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from domain.money import CENT


class EbayMappingError(ValueError):
    """An eBay order that cannot be turned into a ChannelOrder; the message says which field and why."""


def amount(
    container: Mapping[str, Any] | None, field: str, currency: str | None, path: str = ""
) -> Decimal | None:
    """The amount at ``container[field]`` in cents, or None when absent; checks the currency.

    ``path`` (e.g. ``pricingSummary``) prefixes the field name in error messages.
    """
    if not container or container.get(field) is None:
        return None
    value = container[field]
    field = f"{path}.{field}" if path else field
    if not isinstance(value, dict):
        raise EbayMappingError(f"{field} is not an eBay Amount object")
    if currency is not None and value.get("currency") not in (None, currency):
        raise EbayMappingError(f"{field} is in {value.get('currency')}, the order total in {currency}")
    raw = value.get("value")
    if not isinstance(raw, str | int) or isinstance(raw, bool):
        raise EbayMappingError(f"{field}.value must be a decimal string, got {raw!r}")
    try:
        number = Decimal(str(raw).strip())
    except InvalidOperation:
        raise EbayMappingError(f"{field}.value {raw!r} is not a decimal amount") from None
    if not number.is_finite():
        raise EbayMappingError(f"{field}.value {raw!r} is not a finite amount")
    return number.quantize(CENT, rounding=ROUND_HALF_UP)


def required_amount(
    container: Mapping[str, Any] | None, field: str, currency: str | None, path: str = ""
) -> Decimal:
    value = amount(container, field, currency, path)
    if value is None:
        raise EbayMappingError(f"{path}.{field} is missing" if path else f"{field} is missing")
    return value


def amount_sum(items: Any, field: str, currency: str) -> Decimal:
    """Σ ``item[field]`` over a list of objects (missing amounts count as zero)."""
    total = Decimal("0.00")
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            total += amount(item, field, currency) or Decimal("0.00")
    return total
