"""Net shop prices to exact gross amounts, rounded the way JTL-Shop rounds them.

JTL-Shop stores every cart position net (``fPreis``, a PHP float, per unit incl. variation
surcharges) with its tax rate ``fMwSt``; the gross order total is
``round(round(Σ fPreis × nAnzahl × (100 + fMwSt) / 100, 3), 2)`` (``Cart::gibGesamtsummeWaren``),
PHP's round being half away from zero. We compute the same in ``Decimal`` from the exported
strings, so the float noise of a net price derived from a gross one (19.99 / 1.19) vanishes.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from domain.money import CENT

MILLI = Decimal("0.001")
HUNDRED = Decimal(100)


def parse_decimal(value: str | None, field: str) -> Decimal:
    """A decimal from an exported PHP number ("16.798319327731", "1.0E-5", "2"); empty means 0."""
    text = (value or "").strip().replace(",", ".")
    if not text:
        return Decimal(0)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{field} is not a number: {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"{field} is not a finite number: {value!r}")
    return number


def shop_round(amount: Decimal) -> Decimal:
    """Round to cents like JTL-Shop: first to 3 places (float noise), then to 2, half away from zero."""
    return amount.quantize(MILLI, rounding=ROUND_HALF_UP).quantize(CENT, rounding=ROUND_HALF_UP)


def gross(net: Decimal, quantity: Decimal, tax_rate: Decimal) -> Decimal:
    """The exact (unrounded) gross amount of ``quantity`` units at ``net`` with ``tax_rate`` percent."""
    return net * quantity * (HUNDRED + tax_rate) / HUNDRED


def unit_gross(net: Decimal, tax_rate: Decimal) -> Decimal:
    return shop_round(gross(net, Decimal(1), tax_rate))


def gross_total(positions: list[tuple[Decimal, Decimal, Decimal]]) -> Decimal:
    """The shop's gross total of ``(net, quantity, tax_rate)`` positions, rounded once at the end."""
    return shop_round(sum((gross(n, q, r) for n, q, r in positions), Decimal(0)))
