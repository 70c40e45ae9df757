"""Pure mapping of Orders v2026-01-01 items to lines, shipping and adjustments, keeping every cent.

An item's price is ``product.price.unitPrice`` per unit. Its proceeds (PROCEEDS block) break the
item's money down by type: SHIPPING becomes shipping, DISCOUNT a negative adjustment, GIFT_WRAP,
COD_FEE and OTHER fees; TAX is kept apart (``tax``) because Amazon adds it on top only in some
marketplaces. Where the ITEM proceeds differ from unit price × quantity (a price that does not
divide to whole cents), the difference becomes one adjustment, so no cent is lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from domain.money import CENT
from domain.order_line import Adjustment, OrderLine

ZERO = Decimal("0.00")
FEES = {"GIFT_WRAP": "Gift wrap", "COD_FEE": "Cash on delivery fee", "OTHER": "Other Amazon charge"}


class AmazonMappingError(ValueError):
    """An Amazon payload that cannot be mapped; the order goes to quarantine with this reason."""


def parse_money(value: Any, where: str, currencies: set[str]) -> Decimal | None:
    """A Money object ``{amount, currencyCode}`` as Decimal cents (None when absent)."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise AmazonMappingError(f"{where} is not a Money object: {value!r:.60}")
    amount = value.get("amount")
    if amount is None:
        return None
    if isinstance(amount, bool) or not isinstance(amount, str | int | float):
        raise AmazonMappingError(f"{where}.amount is not a decimal string: {amount!r:.60}")
    try:
        number = Decimal(str(amount).strip())
    except InvalidOperation:
        raise AmazonMappingError(f"{where}.amount {amount!r:.60} is not a decimal amount") from None
    if not number.is_finite() or abs(number) >= Decimal("1000000000"):
        raise AmazonMappingError(f"{where}.amount {amount!r:.60} is out of range")
    code = value.get("currencyCode")
    if isinstance(code, str) and code.strip():
        currencies.add(code.strip().upper())
    return number.quantize(CENT, rounding=ROUND_HALF_UP)


def breakdowns(block: Any, where: str, currencies: set[str]) -> dict[str, Decimal]:
    """``{type: Σ subtotal}`` of a proceeds block's ``breakdowns`` (empty when the block is absent)."""
    found: dict[str, Decimal] = {}
    entries = block.get("breakdowns") if isinstance(block, Mapping) else None
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("type"), str):
            raise AmazonMappingError(f"{where}.breakdowns[{index}] has no type")
        amount = parse_money(entry.get("subtotal"), f"{where}.breakdowns[{index}].subtotal", currencies)
        found[entry["type"]] = found.get(entry["type"], ZERO) + (amount or ZERO)
    return found


@dataclass
class ItemAmounts:
    lines: list[OrderLine] = field(default_factory=list)
    shipping: Decimal = ZERO
    adjustments: list[Adjustment] = field(default_factory=list)
    tax: Decimal = ZERO
    """Tax Amazon lists per item; added to the total only where it comes on top (US-style)."""
    priced: bool = False
    """True when at least one item carried a price (Pending orders carry none)."""
    currencies: set[str] = field(default_factory=set)
    by_type: dict[str, Decimal] = field(default_factory=dict)
    """The items' proceeds summed per breakdown type, to tell order-level amounts apart."""


def _text(block: Any, key: str) -> str | None:
    value = block.get(key) if isinstance(block, Mapping) else None
    return value.strip() or None if isinstance(value, str) else None


def _quantity(item: Mapping[str, Any], where: str) -> int:
    quantity = item.get("quantityOrdered")
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 0:
        raise AmazonMappingError(f"{where}.quantityOrdered is not a non-negative integer: {quantity!r:.40}")
    return quantity


def _unit_price(
    item: Mapping[str, Any], where: str, item_total: Decimal | None, result: ItemAmounts
) -> Decimal:
    product = item.get("product")
    product = product if isinstance(product, Mapping) else {}
    price = product.get("price")
    price = price if isinstance(price, Mapping) else {}
    unit = parse_money(price.get("unitPrice"), f"{where}.product.price.unitPrice", result.currencies)
    quantity = _quantity(item, where)
    if unit is None and item_total is not None and quantity:
        unit = (item_total / quantity).quantize(CENT, rounding=ROUND_DOWN)
    if unit is not None and unit < 0:
        raise AmazonMappingError(f"{where}.product.price.unitPrice {unit} is negative")
    result.priced = result.priced or unit is not None
    return unit or ZERO


def map_items(items: list[Any]) -> ItemAmounts:
    result = ItemAmounts()
    extras: dict[str, Decimal] = {"DISCOUNT": ZERO, "REST": ZERO, **dict.fromkeys(FEES, ZERO)}
    promotion_ids: list[str] = []
    for index, item in enumerate(items):
        where = f"orderItems[{index}]"
        if not isinstance(item, Mapping):
            raise AmazonMappingError(f"{where} is not an object")
        amounts = breakdowns(item.get("proceeds"), f"{where}.proceeds", result.currencies)
        for kind, amount in amounts.items():
            result.by_type[kind] = result.by_type.get(kind, ZERO) + amount
        quantity = _quantity(item, where)
        unit = _unit_price(item, where, amounts.get("ITEM"), result)
        if "ITEM" in amounts and quantity:
            extras["REST"] += amounts["ITEM"] - unit * quantity
        product = item.get("product")
        sku = _text(product, "sellerSku") or _text(product, "asin")
        if quantity:
            title = _text(product, "title") or sku or "Amazon item"
            result.lines.append(
                OrderLine(
                    sku=sku[:100] if sku else None, title=title[:500], quantity=quantity, unit_price=unit
                )
            )
        elif unit and "ITEM" not in amounts:
            raise AmazonMappingError(f"{where} has quantityOrdered 0 but a price")
        result.shipping += amounts.get("SHIPPING", ZERO)
        result.tax += amounts.get("TAX", ZERO)
        extras["DISCOUNT"] += abs(amounts.get("DISCOUNT", ZERO))
        for kind in FEES:
            extras[kind] += amounts.get(kind, ZERO)
        promotion = item.get("promotion")
        for entry in promotion.get("breakdowns") or [] if isinstance(promotion, Mapping) else []:
            promotion_id = _text(entry, "promotionId")
            if promotion_id and promotion_id not in promotion_ids:
                promotion_ids.append(promotion_id)
    if result.shipping < 0:
        raise AmazonMappingError(f"SHIPPING proceeds add up to a negative {result.shipping}")
    result.adjustments = _adjustments(extras, promotion_ids)
    return result


def _adjustments(extras: dict[str, Decimal], promotion_ids: list[str]) -> list[Adjustment]:
    promo_title = "Amazon promotion" + (f" {', '.join(promotion_ids)}" if promotion_ids else "")
    wanted = [("discount", promo_title[:500], -extras["DISCOUNT"])]
    wanted += [("fee", title, extras[kind]) for kind, title in FEES.items()]
    wanted.append(
        ("surcharge", "Rounding remainder: Amazon item proceeds not unit price × quantity", extras["REST"])
    )
    return [Adjustment(kind=kind, title=title, amount=amount) for kind, title, amount in wanted if amount]
