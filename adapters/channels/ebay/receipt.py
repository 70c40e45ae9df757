"""The receipt of an imported eBay order: the eBay ids a later shipment push must name.

orderhub stores the receipt of an order's last import or sync and hands it back in
``StatusPush.receipt``. Format (compact JSON, version 1)::

    {"v": 1, "orderId": "12-03955-36441",
     "lineItems": [{"lineItemId": "10000001", "sku": "MUG-1", "title": "Tasse", "quantity": 2}, ...]}

``sku`` is null for SKU-less (legacy) listings; lines are in eBay's order, which is also the
order of ``ChannelOrder.lines``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

VERSION = 1


@dataclass(frozen=True)
class ReceiptLine:
    line_item_id: str
    sku: str | None
    title: str
    quantity: int


@dataclass(frozen=True)
class Receipt:
    order_id: str
    lines: tuple[ReceiptLine, ...]


def _sku(value: Any) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def receipt_for(order: Mapping[str, Any]) -> str:
    """The receipt of a (successfully mapped) eBay order payload."""
    lines = [
        {
            "lineItemId": item["lineItemId"],
            "sku": _sku(item.get("sku")),
            "title": str(item.get("title") or "").strip(),
            "quantity": item["quantity"],
        }
        for item in order["lineItems"]
    ]
    body = {"v": VERSION, "orderId": order["orderId"], "lineItems": lines}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def parse_receipt(text: str | None) -> Receipt | None:
    """The receipt's content, or None when absent or not a version-1 eBay receipt."""
    if not text:
        return None
    try:
        body = json.loads(text)
        if body.get("v") != VERSION:
            return None
        lines = tuple(
            ReceiptLine(
                str(line["lineItemId"]), _sku(line.get("sku")), str(line["title"]), int(line["quantity"])
            )
            for line in body["lineItems"]
        )
        return Receipt(order_id=str(body["orderId"]), lines=lines)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def receipt_from_order(order: Mapping[str, Any]) -> Receipt | None:
    """The same content read from a live order (used when a push comes without a usable receipt)."""
    try:
        return parse_receipt(receipt_for(order))
    except (KeyError, TypeError):
        return None
