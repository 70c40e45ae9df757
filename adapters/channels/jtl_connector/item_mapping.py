"""CustomerOrderItems -> order lines, shipping cost and adjustments whose sum is the shop's gross total.

Gross per item: ``priceGross`` when the endpoint filled it (the price the shopper saw), else
``price`` (net unit) × (1 + ``vat``/100). JMS serialises an unset ``priceGross`` as 0.0, so a zero
``priceGross`` beside a non-zero net price counts as "not given". Amounts come as JSON floats and are
read through their shortest repr (19.99 stays 19.99). Products keep a whole-cent unit price; a residue
of at most one cent per item, caused by net prices with more than two places, becomes an explicit
"rounding difference" adjustment so the order total equals ``totalSumGross`` exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from domain.money import CENT
from domain.order_line import Adjustment, OrderLine

ROUNDING_TITLE = "Rundungsdifferenz (rounding difference)"
_DEFAULT_TITLES = {
    "shipping": "Versand",
    "coupon": "Gutschein",
    "discount": "Rabatt",
    "surcharge": "Zuschlag",
}


class CustomerOrderMappingError(ValueError):
    """The payload cannot become a ChannelOrder; the message says which field and why."""


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def number(value: Any, what: str) -> Decimal:
    """A JSON number (or numeric string) as an exact Decimal."""
    if isinstance(value, bool) or value is None:
        raise CustomerOrderMappingError(f"{what} must be a number, got {value!r}")
    try:
        result = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value).strip())
    except InvalidOperation:
        raise CustomerOrderMappingError(f"{what} must be a number, got {value!r}") from None
    if not result.is_finite():
        raise CustomerOrderMappingError(f"{what} must be finite, got {value!r}")
    return result


@dataclass
class ItemTotals:
    lines: list[OrderLine] = field(default_factory=list)
    shipping: Decimal = Decimal("0.00")
    adjustments: list[Adjustment] = field(default_factory=list)
    exact_gross: Decimal = Decimal("0")
    exact_net: Decimal = Decimal("0")
    count: int = 0

    @property
    def represented(self) -> Decimal:
        return (
            sum((line.total for line in self.lines), Decimal("0.00"))
            + self.shipping
            + sum((a.amount for a in self.adjustments), Decimal("0.00"))
        )


def _quantity(item: Mapping[str, Any], what: str, positive: bool) -> int:
    quantity = number(item.get("quantity"), f"{what}.quantity")
    if quantity != quantity.to_integral_value():
        raise CustomerOrderMappingError(f"{what}.quantity {quantity} is not a whole number")
    if quantity < 0 or (positive and quantity == 0):
        raise CustomerOrderMappingError(f"{what}.quantity {quantity} must be {'> 0' if positive else '>= 0'}")
    return int(quantity)


def _unit_gross(item: Mapping[str, Any], what: str) -> tuple[Decimal, Decimal, Decimal]:
    """(gross unit, net unit, vat %) of one item."""
    net = number(item.get("price", 0), f"{what}.price")
    vat = number(item.get("vat", 0), f"{what}.vat")
    if not 0 <= vat <= 100:
        raise CustomerOrderMappingError(f"{what}.vat {vat} must be a percentage between 0 and 100")
    given = item.get("priceGross")
    gross = number(given, f"{what}.priceGross") if given is not None else None
    if gross is None or (gross == 0 and net != 0):
        gross = net * (1 + vat / 100)
    return gross, net, vat


def _title(item: Mapping[str, Any], kind: str) -> str:
    for key in ("name", "sku"):
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()[:500]
    return _DEFAULT_TITLES.get(kind, "Artikel")


def map_items(items: Sequence[Any]) -> ItemTotals:
    totals = ItemTotals()
    for index, item in enumerate(items):
        what = f"items[{index}]"
        if not isinstance(item, Mapping):
            raise CustomerOrderMappingError(f"{what} is not an object")
        kind = item.get("type")
        if kind not in ("product", "shipping", "coupon", "discount", "surcharge"):
            raise CustomerOrderMappingError(
                f"{what}.type {kind!r} is not product/shipping/coupon/discount/surcharge"
            )
        quantity = _quantity(item, what, positive=kind == "product")
        gross, net, vat = _unit_gross(item, what)
        if kind in ("coupon", "discount"):
            # they lower the total whatever sign the endpoint wrote (WooCommerce writes them negative)
            gross, net = -abs(gross), -abs(net)
        totals.exact_gross += gross * quantity
        totals.exact_net += net * quantity
        totals.count += 1
        line_gross = cents(gross * quantity)
        if kind == "product":
            if gross < 0:
                raise CustomerOrderMappingError(f"{what}: a product cannot have a negative price ({gross})")
            sku = item.get("sku")
            totals.lines.append(
                OrderLine(
                    sku=sku.strip() if isinstance(sku, str) and sku.strip() else None,
                    title=_title(item, kind),
                    quantity=quantity,
                    unit_price=cents(gross),
                    tax_rate=vat,
                )
            )
        elif kind == "shipping":
            totals.shipping += line_gross
        elif line_gross != 0:
            totals.adjustments.append(Adjustment(kind=kind, title=_title(item, kind), amount=line_gross))
    if totals.shipping < 0:
        raise CustomerOrderMappingError(f"shipping items add up to a negative amount ({totals.shipping})")
    return totals


def reconcile(totals: ItemTotals, total_gross: Any, total_net: Any) -> None:
    """Check the items against the shop's own totals; add the rounding residue when there is one.

    ``totalSumGross`` is authoritative. Endpoints that leave it unset (JMS default 0.0, e.g. the
    WooCommerce connector) are checked against the net ``totalSum`` instead.
    """
    tolerance = CENT * max(totals.count, 1)
    gross = number(total_gross, "totalSumGross") if total_gross is not None else Decimal(0)
    if gross == 0 and abs(totals.exact_gross) > tolerance:
        net = number(total_net, "totalSum") if total_net is not None else Decimal(0)
        if net == 0:
            raise CustomerOrderMappingError(
                "the order has priced items but neither totalSumGross nor totalSum"
            )
        if abs(net - totals.exact_net) > tolerance:
            raise CustomerOrderMappingError(
                f"items add up to {cents(totals.exact_net)} net but totalSum is {net}"
            )
        return
    if abs(gross - totals.exact_gross) > tolerance:
        raise CustomerOrderMappingError(
            f"items add up to {cents(totals.exact_gross)} gross but totalSumGross is {gross}"
        )
    residue = cents(gross) - totals.represented
    if residue != 0:
        totals.adjustments.append(Adjustment(kind="tax", title=ROUNDING_TITLE, amount=residue))
