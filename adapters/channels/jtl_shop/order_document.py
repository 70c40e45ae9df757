"""Split GetBestellungen's ``data.xml`` into one entry per order, surviving one broken order.

A stray control character or an unescaped ``<`` in one order's text makes the whole document
unparsable; the orders are then parsed one by one, so only the broken one is quarantined.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

ORDER_CHUNK = re.compile(r"<tbestellung\b[^>]*>.*?</tbestellung>", re.DOTALL)
ORDER_ID = re.compile(r"""<tbestellung\b[^>]*?\bkBestellung\s*=\s*["'](\d+)["']""")


class DocumentError(ValueError):
    """Not an order document at all (garbage, an error page): the whole answer is unusable."""


@dataclass(frozen=True)
class OrderEntry:
    order_id: str
    """kBestellung, or ``unparsable-N`` when even that cannot be read."""
    element: ET.Element | None
    raw: str
    error: str | None = None


def _entry(element: ET.Element, index: int) -> OrderEntry:
    raw = ET.tostring(element, encoding="unicode")
    order_id = (element.get("kBestellung") or "").strip()
    if not order_id.isdigit():
        return OrderEntry(f"unparsable-{index}", None, raw, f"kBestellung missing or invalid: {order_id!r}")
    return OrderEntry(order_id, element, raw)


def parse_orders(text: str) -> list[OrderEntry]:
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        return _parse_one_by_one(text, str(exc))
    if root.tag != "bestellungen":
        raise DocumentError(f"expected <bestellungen>, got <{root.tag}>")
    return [_entry(element, i) for i, element in enumerate(root.findall("tbestellung"))]


def _parse_one_by_one(text: str, document_error: str) -> list[OrderEntry]:
    if "<bestellungen" not in text:
        raise DocumentError(f"not an order document ({document_error})")
    chunks = ORDER_CHUNK.findall(text)
    if not chunks:
        raise DocumentError(f"no readable <tbestellung> in the order document ({document_error})")
    entries: list[OrderEntry] = []
    for index, chunk in enumerate(chunks):
        try:
            entries.append(_entry(ET.fromstring(chunk), index))
        except ET.ParseError as exc:
            match = ORDER_ID.match(chunk)
            order_id = match.group(1) if match else f"unparsable-{index}"
            entries.append(OrderEntry(order_id, None, chunk, f"unparsable order XML: {exc}"))
    return entries
