"""What a push needs from an import (the receipt) and the confirmShipment body built from it (pure).

The receipt is a small JSON string kept by orderhub with the order's last import/sync: Amazon's
OrderItemIds, quantities and marketplace, which a shipment confirmation must name.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from domain.order_line import OrderLine, Tracking

# Amazon's carrierCode values for the carriers merchants usually type; anything else is "Other".
CARRIER_CODES = {
    code.lower(): code
    for code in (
        "DHL",
        "DHL Express",
        "Deutsche Post",
        "DPD",
        "GLS",
        "Hermes",
        "UPS",
        "FedEx",
        "USPS",
        "Royal Mail",
        "Parcelforce",
        "TNT",
        "La Poste",
        "Colissimo",
        "Chronopost",
        "Correos",
        "SEUR",
        "Poste Italiane",
        "BRT",
        "PostNL",
        "Amazon Shipping",
        "Yodel",
        "Evri",
        "Österreichische Post",
    )
}


def make_receipt(order: Mapping[str, Any]) -> str:
    """From a v2026-01-01 order: its orderItemIds (what confirmShipment names), quantities, marketplace.

    The keys are those receipts had under v0 (``fulfilment`` "AFN"/"MFN"), so an order imported
    before the move is still pushed with the receipt it has.
    """
    entries = []
    items = order.get("orderItems")
    for item in items if isinstance(items, list) else []:
        if isinstance(item, Mapping) and isinstance(item.get("orderItemId"), str):
            product, done = _block(item, "product"), _block(item, "fulfillment")
            ordered, shipped = item.get("quantityOrdered"), done.get("quantityFulfilled")
            entries.append(
                {
                    "id": item["orderItemId"],
                    "sku": product.get("sellerSku") or product.get("asin"),
                    "ordered": ordered if isinstance(ordered, int) else 0,
                    "shipped": shipped if isinstance(shipped, int) else 0,
                }
            )
    by = _block(order, "fulfillment").get("fulfilledBy")
    receipt = {
        "marketplace": _block(order, "salesChannel").get("marketplaceId"),
        "fulfilment": "AFN" if by == "AMAZON" else "MFN" if by == "MERCHANT" else None,
        "items": entries,
    }
    return json.dumps(receipt, separators=(",", ":"))


def _block(raw: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = raw.get(key)
    return value if isinstance(value, Mapping) else {}


def read_receipt(receipt: str | None) -> dict[str, Any] | None:
    try:
        data = json.loads(receipt or "")
    except ValueError:
        return None
    return data if isinstance(data, dict) and isinstance(data.get("items"), list) else None


def package_reference_id(push_id: str) -> str:
    """A positive numeric string, stable for one push (a retried push reuses it), unique per order."""
    return str(int(hashlib.sha256(push_id.encode()).hexdigest()[:15], 16) + 1)


def items_to_confirm(receipt: Mapping[str, Any], lines: list[OrderLine], whole_order: bool) -> list[dict]:
    """Shipped: every unshipped item. Partially shipped: the pushed lines, matched by SKU."""
    wanted: dict[str, int] | None = None
    if not whole_order:
        wanted = {}
        for line in lines:
            if line.sku:
                wanted[line.sku] = wanted.get(line.sku, 0) + line.quantity
    confirm = []
    for item in receipt["items"]:
        if not isinstance(item, Mapping):
            continue
        open_quantity = int(item.get("ordered") or 0) - int(item.get("shipped") or 0)
        if wanted is not None:
            take = min(open_quantity, wanted.get(str(item.get("sku")), 0))
            if item.get("sku") in wanted:
                wanted[str(item["sku"])] -= max(take, 0)
            open_quantity = take
        if open_quantity > 0:
            confirm.append({"orderItemId": str(item["id"]), "quantity": open_quantity})
    return confirm


def confirmation_body(
    marketplace_id: str, push_id: str, tracking: Tracking, ship_date: datetime, order_items: list[dict]
) -> dict[str, Any]:
    code = CARRIER_CODES.get(tracking.carrier.strip().lower())
    package: dict[str, Any] = {
        "packageReferenceId": package_reference_id(push_id),
        "carrierCode": code or "Other",
        "trackingNumber": tracking.number,
        "shipDate": ship_date.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "orderItems": order_items,
    }
    if code is None:
        package["carrierName"] = tracking.carrier
    return {"marketplaceId": marketplace_id, "packageDetail": package}
