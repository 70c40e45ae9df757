"""createShippingFulfillment as eBay validates and applies it to a stored order."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from adapters.channels.ebay.timestamps import ebay_time, parse_ebay_time
from simulators.ebay.errors import ApiError, bad_request

_TRACKING = re.compile(r"^[0-9A-Za-z]{1,64}$")


def validate(order: dict[str, Any], body: Any, created: datetime, now: datetime) -> dict[str, Any]:
    """The fulfillment record a valid ``ShippingFulfillmentDetails`` body makes; raises ``ApiError``."""
    if not isinstance(body, dict):
        raise bad_request(32600, "Invalid input", ("body", "not a JSON object"))
    if (order.get("cancelStatus") or {}).get("cancelState") == "CANCELED":
        raise bad_request(
            32600, "Invalid input: the order is cancelled", ("orderId", str(order.get("orderId")))
        )
    items = body.get("lineItems")
    if not isinstance(items, list) or not items:
        raise bad_request(32600, "Invalid input: lineItems missing", ("lineItems", ""))
    lines = {line.get("lineItemId"): line for line in order.get("lineItems") or [] if isinstance(line, dict)}
    references = []
    for item in items:
        line_id = item.get("lineItemId") if isinstance(item, dict) else None
        quantity = item.get("quantity", None) if isinstance(item, dict) else None
        if line_id not in lines:
            raise bad_request(32200, "Invalid line item id", ("lineItemId", str(line_id)))
        if quantity is None:
            quantity = lines[line_id].get("quantity")
        if (
            not isinstance(quantity, int)
            or isinstance(quantity, bool)
            or not 0 < quantity <= lines[line_id]["quantity"]
        ):
            raise bad_request(32200, "Invalid line item quantity", ("quantity", str(quantity)))
        references.append({"lineItemId": line_id, "quantity": quantity})
    shipped = body.get("shippedDate")
    if shipped is None:
        shipped_at = now
    else:
        try:
            shipped_at = parse_ebay_time(shipped)
        except ValueError:
            raise bad_request(32500, "Invalid shipped date", ("shippedDate", str(shipped))) from None
        if shipped_at > now or shipped_at < created:
            raise bad_request(32500, "Invalid shipped date", ("shippedDate", shipped))
    carrier, number = body.get("shippingCarrierCode"), body.get("trackingNumber")
    if bool(carrier) != bool(number) or (number and not _TRACKING.match(str(number))):
        raise bad_request(32300, "Invalid tracking number or carrier", ("trackingNumber", str(number)))
    record: dict[str, Any] = {"lineItems": references, "shippedDate": ebay_time(shipped_at)}
    if number:
        record["shipmentTrackingNumber"] = str(number)
        record["shippingCarrierCode"] = str(carrier)
    return record


def apply(order: dict[str, Any], record: dict[str, Any], href: str) -> None:
    """Mark the lines fulfilled and derive the order's fulfillment status (lastModifiedDate: the caller)."""
    shipped = {item["lineItemId"] for item in record["lineItems"]}
    lines = []
    for line in order["lineItems"]:
        if line["lineItemId"] in shipped:
            line = {**line, "lineItemFulfillmentStatus": "FULFILLED"}
        lines.append(line)
    order["lineItems"] = lines
    done = [line.get("lineItemFulfillmentStatus") == "FULFILLED" for line in lines]
    order["orderFulfillmentStatus"] = (
        "FULFILLED" if all(done) else "IN_PROGRESS" if any(done) else "NOT_STARTED"
    )
    order["fulfillmentHrefs"] = [*order.get("fulfillmentHrefs", []), href]


__all__ = ["ApiError", "apply", "validate"]
