"""What a status push becomes at eBay: a ``ShippingFulfillmentDetails`` body, or why nothing is sent.

Pure functions. eBay's Fulfillment API can only record shipments (``createShippingFulfillment``);
it has no call for "paid" (buyers pay through eBay) or for a seller's cancellation, so those pushes
are answered not delivered with a reason naming where to do it instead: the outbox records
``PushRejected``, never sends them again, does not count them as pushed, and the order shows the
reason as ``push_refused``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from adapters.channels.ebay.receipt import Receipt, ReceiptLine
from adapters.channels.ebay.timestamps import ebay_time
from domain.order_line import OrderLine
from domain.status import OrderStatus
from ports.channels import PushOutcome, StatusPush

# eBay ShippingCarrierCodeEnum values for carriers merchants usually type in another spelling.
_CARRIER_CODES = {
    "dhl": "DHL",
    "deutschepost": "DeutschePost",
    "hermes": "Hermes",
    "dpd": "DPD",
    "gls": "GLS",
    "ups": "UPS",
    "fedex": "FedEx",
    "usps": "USPS",
    "royalmail": "RoyalMail",
    "tnt": "TNT",
}
NOT_SENT = {
    OrderStatus.PAID: (
        "eBay cannot take 'paid' through its API: buyers pay through eBay, which marks the order paid"
        " itself; if the buyer paid another way, mark it paid in Seller Hub"
    ),
    OrderStatus.CANCELLED: (
        "eBay cannot take a seller cancellation through its API: cancel the order in Seller Hub"
        " (Orders > Cancel order); the cancellation reaches orderhub with the next sync"
    ),
}
"""Changes eBay's Sell Fulfillment API has no call for (see the module docstring)."""

# eBay records shipments per line item; reporting every line for a partial shipment would mark the
# whole order shipped at eBay (and the next sync would import it as shipped).
WHOLE_ORDER_AS_PARTIAL = (
    "not sent to eBay: a partial shipment must name the lines in the parcel, but this change lists every"
    " line of the order; mark the shipped lines in eBay Seller Hub, or set the order to shipped"
)


def carrier_code(carrier: str) -> str:
    key = re.sub(r"[\s_.-]", "", carrier).lower()
    return _CARRIER_CODES.get(key, carrier.strip())


def tracking_number(number: str) -> str:
    """eBay accepts letters and digits only; carriers print numbers with spaces and dashes."""
    return re.sub(r"[^0-9A-Za-z]", "", number)


def _parcel_lines(lines: list[OrderLine], receipt: Receipt) -> list[tuple[ReceiptLine, int]] | str:
    """The receipt lines a partial shipment names (matched by SKU, else title), or why not possible."""
    unused = list(receipt.lines)
    parcel: list[tuple[ReceiptLine, int]] = []
    for line in lines:
        match = next((r for r in unused if line.sku and r.sku == line.sku), None) or next(
            (r for r in unused if r.title == line.title and (r.sku is None or not line.sku)), None
        )
        if match is None:
            return f"line {line.sku or line.title!r} is not in eBay order {receipt.order_id}"
        unused.remove(match)
        parcel.append((match, min(line.quantity, match.quantity)))
    return parcel


def not_sent(change: StatusPush) -> PushOutcome | None:
    """The refusal of a change eBay has no call for (nothing is sent); None for shipments."""
    if change.status in NOT_SENT:
        return PushOutcome(delivered=False, detail=NOT_SENT[change.status])
    if change.status not in (OrderStatus.SHIPPED, OrderStatus.PARTIALLY_SHIPPED):
        why = f"eBay cannot take {change.status!s} through its API: change the order in Seller Hub"
        return PushOutcome(delivered=False, detail=why)
    return None


def fulfillment_body(
    change: StatusPush, receipt: Receipt, shipped_at: datetime
) -> dict[str, Any] | PushOutcome:
    """The JSON body to POST, or the outcome to report without calling eBay."""
    skipped = not_sent(change)
    if skipped is not None:
        return skipped
    if change.status is OrderStatus.SHIPPED:
        parcel = [(line, line.quantity) for line in receipt.lines]
    else:
        if not change.lines:
            return PushOutcome(delivered=False, detail="a partial shipment must name the lines it contains")
        matched = _parcel_lines(change.lines, receipt)
        if isinstance(matched, str):
            return PushOutcome(delivered=False, detail=matched)
        if sorted((line.line_item_id, n) for line, n in matched) == sorted(
            (line.line_item_id, line.quantity) for line in receipt.lines
        ):
            return PushOutcome(delivered=False, detail=WHOLE_ORDER_AS_PARTIAL)
        parcel = matched
    body: dict[str, Any] = {
        "lineItems": [{"lineItemId": line.line_item_id, "quantity": quantity} for line, quantity in parcel],
        "shippedDate": ebay_time(shipped_at),
    }
    if change.tracking is not None:
        body["shippingCarrierCode"] = carrier_code(change.tracking.carrier)
        body["trackingNumber"] = tracking_number(change.tracking.number)
    return body


def same_shipment(existing: Mapping[str, Any], body: Mapping[str, Any]) -> bool:
    """Whether a fulfillment eBay already holds is this shipment (a push repeated after a lost answer)."""
    number = body.get("trackingNumber")
    if number:
        return bool(existing.get("shipmentTrackingNumber") == number)
    theirs = {
        str(item.get("lineItemId")) for item in existing.get("lineItems") or [] if isinstance(item, Mapping)
    }
    ours = {item["lineItemId"] for item in body["lineItems"]}
    return not existing.get("shipmentTrackingNumber") and theirs == ours
