"""Pure mapping of Amazon order items to lines, shipping and adjustments, keeping every cent.

Amazon's ``ItemPrice`` is the LINE total (unit price × QuantityOrdered). The unit price is that
total divided by the quantity; when it does not divide to whole cents the unit price is rounded
down and the remainder becomes one adjustment, so the order total stays exactly Amazon's.
Discounts (PromotionDiscount, ShippingDiscount, CODFeeDiscount) become negative adjustments.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from domain.money import CENT
from domain.order_line import Adjustment, OrderLine

ZERO = Decimal("0.00")


class AmazonMappingError(ValueError):
    """An Amazon payload that cannot be mapped; the order goes to quarantine with this reason."""


def parse_money(value: Any, where: str, currencies: set[str]) -> Decimal | None:
    """A Money object ``{CurrencyCode, Amount}`` as Decimal cents (None when absent)."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise AmazonMappingError(f"{where} is not a Money object: {value!r:.60}")
    amount = value.get("Amount")
    if amount is None:
        return None
    if isinstance(amount, bool) or not isinstance(amount, str | int | float):
        raise AmazonMappingError(f"{where}.Amount is not a decimal string: {amount!r:.60}")
    try:
        number = Decimal(str(amount).strip())
    except InvalidOperation:
        raise AmazonMappingError(f"{where}.Amount {amount!r:.60} is not a decimal amount") from None
    if not number.is_finite() or abs(number) >= Decimal("1000000000"):
        raise AmazonMappingError(f"{where}.Amount {amount!r:.60} is out of range")
    code = value.get("CurrencyCode")
    if isinstance(code, str) and code.strip():
        currencies.add(code.strip().upper())
    return number.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class ItemAmounts:
    lines: list[OrderLine] = field(default_factory=list)
    shipping: Decimal = ZERO
    adjustments: list[Adjustment] = field(default_factory=list)
    tax: Decimal = ZERO
    """Net tax Amazon lists per item; added to the total only where it comes on top (US-style)."""
    priced: bool = False
    """True when at least one item carried an ItemPrice (Pending orders carry none)."""
    currencies: set[str] = field(default_factory=set)


def _text(item: Mapping[str, Any], key: str) -> str | None:
    value = item.get(key)
    return value.strip() or None if isinstance(value, str) else None


def _quantity(item: Mapping[str, Any], where: str) -> int:
    quantity = item.get("QuantityOrdered")
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 0:
        raise AmazonMappingError(f"{where}.QuantityOrdered is not a non-negative integer: {quantity!r:.40}")
    return quantity


def map_items(items: list[Any]) -> ItemAmounts:
    result = ItemAmounts()
    sums = {"promotion": ZERO, "shipping_discount": ZERO, "cod_fee": ZERO, "cod_discount": ZERO, "rest": ZERO}
    promotion_ids: list[str] = []
    for index, item in enumerate(items):
        where = f"OrderItems[{index}]"
        if not isinstance(item, Mapping):
            raise AmazonMappingError(f"{where} is not an object")

        def money(key: str, where: str = where, item: Mapping[str, Any] = item) -> Decimal:
            return parse_money(item.get(key), f"{where}.{key}", result.currencies) or ZERO

        quantity = _quantity(item, where)
        line_total = parse_money(item.get("ItemPrice"), f"{where}.ItemPrice", result.currencies)
        result.priced = result.priced or line_total is not None
        line_total = line_total or ZERO
        if line_total < 0:
            raise AmazonMappingError(f"{where}.ItemPrice {line_total} is negative")
        sku = _text(item, "SellerSKU") or _text(item, "ASIN")
        if quantity == 0:
            if line_total != 0:
                raise AmazonMappingError(f"{where} has QuantityOrdered 0 but ItemPrice {line_total}")
        else:
            unit = (line_total / quantity).quantize(CENT, rounding=ROUND_DOWN)
            sums["rest"] += line_total - unit * quantity
            title = _text(item, "Title") or sku or "Amazon item"
            result.lines.append(
                OrderLine(
                    sku=sku[:100] if sku else None, title=title[:500], quantity=quantity, unit_price=unit
                )
            )
        result.shipping += money("ShippingPrice")
        sums["promotion"] += abs(money("PromotionDiscount"))
        sums["shipping_discount"] += abs(money("ShippingDiscount"))
        sums["cod_fee"] += money("CODFee")
        sums["cod_discount"] += abs(money("CODFeeDiscount"))
        result.tax += money("ItemTax") + money("ShippingTax")
        result.tax -= abs(money("PromotionDiscountTax")) + abs(money("ShippingDiscountTax"))
        ids = item.get("PromotionIds")
        if isinstance(ids, list):
            promotion_ids.extend(str(i) for i in ids if str(i) not in promotion_ids)
    if result.shipping < 0:
        raise AmazonMappingError(f"ShippingPrice adds up to a negative {result.shipping}")
    result.adjustments = _adjustments(sums, promotion_ids)
    return result


def _adjustments(sums: dict[str, Decimal], promotion_ids: list[str]) -> list[Adjustment]:
    promo_title = "Amazon promotion" + (f" {', '.join(promotion_ids)}" if promotion_ids else "")
    wanted = [
        ("discount", promo_title[:500], -sums["promotion"]),
        ("discount", "Amazon shipping discount", -sums["shipping_discount"]),
        ("fee", "Cash on delivery fee", sums["cod_fee"]),
        ("discount", "Cash on delivery fee discount", -sums["cod_discount"]),
        ("surcharge", "Rounding remainder: Amazon line total not divisible by quantity", sums["rest"]),
    ]
    return [Adjustment(kind=kind, title=title, amount=amount) for kind, title, amount in wanted if amount]
