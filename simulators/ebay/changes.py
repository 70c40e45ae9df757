"""What happens to a stored eBay order when the buyer pays or cancels, or the seller ships in Seller Hub."""

from __future__ import annotations

from typing import Any


def mark_paid(order: dict[str, Any]) -> None:
    order["orderPaymentStatus"] = "PAID"
    for payment in order.get("paymentSummary", {}).get("payments", []):
        payment["paymentStatus"] = "PAID"


def mark_cancelled(order: dict[str, Any], initiator: str, when: str) -> None:
    """Cancelled and refunded; ``when`` is an eBay timestamp."""
    request = {
        "cancelRequestId": f"5{str(order.get('orderId', '')).replace('-', '')[-9:]:0>9}",
        "cancelInitiator": initiator,
        "cancelReason": "BUYER_ASKED_CANCEL" if initiator == "Buyer" else "OUT_OF_STOCK_OR_CANNOT_FULFILL",
        "cancelRequestedDate": when,
        "cancelRequestState": "COMPLETED",
        "cancelCompletedDate": when,
    }
    order["cancelStatus"] = {"cancelState": "CANCELED", "cancelledDate": when, "cancelRequests": [request]}
    order["orderPaymentStatus"] = "FULLY_REFUNDED"


def seller_hub_fulfillment(
    order: dict[str, Any], line_item_ids: list[str] | None, carrier: str, tracking: str | None, when: str
) -> dict[str, Any]:
    """The fulfillment record of lines (default: all) marked shipped in Seller Hub, full quantities."""
    quantities = {line["lineItemId"]: line["quantity"] for line in order["lineItems"]}
    lines = line_item_ids or list(quantities)
    record: dict[str, Any] = {
        "lineItems": [{"lineItemId": i, "quantity": quantities[i]} for i in lines],
        "shippedDate": when,
    }
    if tracking:
        record.update(shipmentTrackingNumber=tracking, shippingCarrierCode=carrier)
    return record
