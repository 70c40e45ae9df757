"""eBay ``Order`` (Sell Fulfillment v1) → ChannelOrder: pure functions, no I/O.

The total must come out exactly as ``pricingSummary.total``: Σ ``lineItemCost`` (unit price ×
quantity) + shipping (``deliveryCost`` + ``deliveryDiscount``) + adjustments (price discount, price
adjustment, special fees) + the tax that is in the total but not in the lines (eBay collect-and-remit
tax, or sales tax). A difference that no reported tax explains makes the order unmappable
(``EbayMappingError``): it goes to quarantine rather than into the books with a wrong total.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from adapters.channels.ebay import contacts
from adapters.channels.ebay.money_fields import EbayMappingError, amount, amount_sum, required_amount
from adapters.channels.ebay.timestamps import parse_lenient_time
from domain.channel_order import ChannelOrder
from domain.money import CENT
from domain.order_line import Adjustment, OrderLine
from domain.status import OrderStatus

__all__ = ["EbayMappingError", "map_order", "order_status"]

_CANCELLED_STATES = frozenset({"CANCELED", "CANCELLED"})
ZERO = Decimal("0.00")
PS = "pricingSummary"


def order_status(order: Mapping[str, Any]) -> OrderStatus:
    """ARCHITECTURE.md's table: cancelled > FULFILLED > IN_PROGRESS > NOT_STARTED by payment."""
    cancel_status = order.get("cancelStatus")
    if isinstance(cancel_status, dict) and cancel_status.get("cancelState") in _CANCELLED_STATES:
        return OrderStatus.CANCELLED
    fulfillment = order.get("orderFulfillmentStatus")
    if fulfillment == "FULFILLED":
        return OrderStatus.SHIPPED
    if fulfillment == "IN_PROGRESS":
        return OrderStatus.PARTIALLY_SHIPPED
    if fulfillment != "NOT_STARTED":
        raise EbayMappingError(f"unknown orderFulfillmentStatus {fulfillment!r}")
    payment = order.get("orderPaymentStatus")
    if payment == "PAID":
        return OrderStatus.PAID
    if payment == "PENDING":
        return OrderStatus.PENDING
    return OrderStatus.OPEN


def _line(item: Any, index: int, currency: str) -> OrderLine:
    where = f"lineItems[{index}]"
    if not isinstance(item, dict):
        raise EbayMappingError(f"{where} is not an object")
    quantity = item.get("quantity")
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity <= 0:
        raise EbayMappingError(f"{where}.quantity must be a positive integer, got {quantity!r}")
    if not isinstance(item.get("lineItemId"), str) or not item["lineItemId"]:
        raise EbayMappingError(f"{where}.lineItemId is missing (needed to report shipments)")
    cost = required_amount(item, "lineItemCost", currency, where)
    unit = (cost / quantity).quantize(CENT)
    if unit * quantity != cost:
        raise EbayMappingError(
            f"{where}.lineItemCost {cost} is not a whole-cent price times quantity {quantity}"
        )
    sku = item.get("sku")
    try:
        return OrderLine(
            sku=(sku.strip() or None) if isinstance(sku, str) else None,
            title=item.get("title"),
            quantity=quantity,
            unit_price=unit,
        )
    except ValidationError as exc:
        raise EbayMappingError(f"{where} is invalid: {exc.errors()[0]['msg']}") from None


def _tax_candidates(
    order: Mapping[str, Any], summary: Mapping[str, Any], currency: str
) -> dict[Decimal, str]:
    """Taxes eBay reports outside the line prices, by amount → the adjustment title to use."""
    items = [i for i in order.get("lineItems") or [] if isinstance(i, dict)]
    remit = sum((amount_sum(i.get("ebayCollectAndRemitTaxes"), "amount", currency) for i in items), ZERO)
    sales = sum((amount_sum(i.get("taxes"), "amount", currency) for i in items), ZERO)
    candidates: dict[Decimal, str] = {}
    for value, title in (
        (amount(summary, "tax", currency, PS), "tax"),
        (sales, "sales tax"),
        (remit + sales, "tax"),
        (remit, "eBay collect and remit tax"),
    ):
        if value:
            candidates[value] = title
    return candidates


def _pricing(
    order: Mapping[str, Any], lines: list[OrderLine], currency: str
) -> tuple[Decimal, list[Adjustment], Decimal]:
    """(shipping cost, adjustments, total) such that the lines plus both equal ``pricingSummary.total``."""
    summary = order.get("pricingSummary")
    summary = summary if isinstance(summary, dict) else {}
    total = required_amount(summary, "total", currency, PS)
    goods = sum((line.total for line in lines), ZERO)
    subtotal = amount(summary, "priceSubtotal", currency, PS)
    if subtotal is not None and subtotal != goods:
        raise EbayMappingError(f"pricingSummary.priceSubtotal {subtotal} is not Σ lineItemCost {goods}")
    shipping = (amount(summary, "deliveryCost", currency, PS) or ZERO) + (
        amount(summary, "deliveryDiscount", currency, PS) or ZERO
    )
    if shipping < 0:
        raise EbayMappingError(f"deliveryDiscount exceeds deliveryCost (net shipping {shipping})")
    adjustments: list[Adjustment] = []
    # Newer spec versions name it priceDiscount, older ones priceDiscountSubtotal: the same figure.
    discount = amount(summary, "priceDiscount", currency, PS)
    if discount is None:
        discount = amount(summary, "priceDiscountSubtotal", currency, PS)
    if discount:
        adjustments.append(Adjustment(kind="discount", title="eBay discount", amount=discount))
    change = amount(summary, "adjustment", currency, PS)
    if change:
        kind = "surcharge" if change > 0 else "discount"
        adjustments.append(Adjustment(kind=kind, title="eBay price adjustment", amount=change))
    fee = amount(summary, "fee", currency, PS)
    if fee:
        adjustments.append(Adjustment(kind="fee", title="eBay special fee", amount=fee))
    residual = total - goods - shipping - sum((a.amount for a in adjustments), ZERO)
    if residual:
        title = _tax_candidates(order, summary, currency).get(residual)
        if title is None:
            raise EbayMappingError(
                f"pricingSummary.total {total} differs from lines + shipping + adjustments by {residual},"
                " which is no tax eBay reported"
            )
        adjustments.append(Adjustment(kind="tax", title=title, amount=residual))
    return shipping, adjustments, total


def _currency(order: Mapping[str, Any]) -> str:
    total = (order.get("pricingSummary") or {}).get("total") if isinstance(order, dict) else None
    currency = total.get("currency") if isinstance(total, dict) else None
    if not isinstance(currency, str):
        raise EbayMappingError("pricingSummary.total.currency is missing")
    return currency


def map_order(order: Mapping[str, Any]) -> ChannelOrder:
    """The normalised order; raises ``EbayMappingError`` with the reason when the payload is unusable."""
    if not isinstance(order, dict) or not isinstance(order.get("orderId"), str):
        raise EbayMappingError("orderId is missing")
    items = order.get("lineItems")
    if not isinstance(items, list) or not items:
        raise EbayMappingError("the order has no lineItems")
    currency = _currency(order)
    lines = [_line(item, index, currency) for index, item in enumerate(items)]
    shipping, adjustments, total = _pricing(order, lines, currency)
    try:
        placed_at = parse_lenient_time(order.get("creationDate"))  # type: ignore[arg-type]
        updated = order.get("lastModifiedDate")
        mapped = ChannelOrder(
            external_id=order["orderId"],
            external_number=order["orderId"],  # eBay shows the buyer its order id, nothing else
            status=order_status(order),
            currency=currency,
            lines=lines,
            shipping_cost=shipping,
            adjustments=adjustments,
            buyer=contacts.buyer(order),
            billing_address=contacts.billing_address(order),
            shipping_address=contacts.shipping_address(order),
            placed_at=placed_at,
            channel_updated_at=parse_lenient_time(updated) if updated is not None else None,
            note=order.get("buyerCheckoutNotes") or None,
        )
    except (ValidationError, ValueError, TypeError) as exc:
        if isinstance(exc, EbayMappingError):
            raise
        detail = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
        raise EbayMappingError(f"order {order['orderId']} is invalid: {detail}") from None
    if mapped.total != total:  # guards the arithmetic above; cannot differ unless a rule is broken
        raise EbayMappingError(f"mapped total {mapped.total} is not pricingSummary.total {total}")
    return mapped
