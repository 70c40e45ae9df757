"""Split GetBestellungen's ``data.xml`` into one entry per order, surviving one broken order.

A stray control character or an unescaped ``<`` in one order's text makes the whole document
unparsable; the orders are then parsed one by one, so only the broken one is quarantined. The
parser is defusedxml's: a document that declares entities (the "billion laughs" that expand a few
kilobytes into gigabytes) or reaches for external ones is refused as a whole, it is no order list.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from adapters.channels.raw_payloads import stand_in_id

ORDER_CHUNK = re.compile(r"<tbestellung\b[^>]*>.*?</tbestellung>", re.DOTALL)
ORDER_ID = re.compile(r"""<tbestellung\b[^>]*?\bkBestellung\s*=\s*["'](\d+)["']""")


class DocumentError(ValueError):
    """Not an order document at all (garbage, an error page): the whole answer is unusable."""


@dataclass(frozen=True)
class OrderEntry:
    order_id: str
    """kBestellung, or a stand-in id (a digest of the order's XML) when even that cannot be read."""
    element: ET.Element | None
    raw: str
    error: str | None = None


def _entry(element: ET.Element) -> OrderEntry:
    raw = ET.tostring(element, encoding="unicode")
    order_id = (element.get("kBestellung") or "").strip()
    if not order_id.isdigit():
        return OrderEntry(stand_in_id(raw), None, raw, f"kBestellung missing or invalid: {order_id!r}")
    return OrderEntry(order_id, element, raw)


def _parse(text: str) -> ET.Element:
    try:
        return fromstring(text)  # type: ignore[no-any-return]
    except DefusedXmlException as exc:
        raise DocumentError(
            f"the order document declares entities or a DTD, which is refused ({exc})"
        ) from None


def parse_orders(text: str) -> list[OrderEntry]:
    try:
        root = _parse(text)
    except ET.ParseError as exc:
        return _parse_one_by_one(text, str(exc))
    if root.tag != "bestellungen":
        raise DocumentError(f"expected <bestellungen>, got <{root.tag}>")
    return [_entry(element) for element in root.findall("tbestellung")]


def _parse_one_by_one(text: str, document_error: str) -> list[OrderEntry]:
    if "<bestellungen" not in text:
        raise DocumentError(f"not an order document ({document_error})")
    chunks = ORDER_CHUNK.findall(text)
    if not chunks:
        raise DocumentError(f"no readable <tbestellung> in the order document ({document_error})")
    entries: list[OrderEntry] = []
    for chunk in chunks:
        try:
            entries.append(_entry(_parse(chunk)))
        except ET.ParseError as exc:
            match = ORDER_ID.match(chunk)
            order_id = match.group(1) if match else stand_in_id(chunk)
            entries.append(OrderEntry(order_id, None, chunk, f"unparsable order XML: {exc}"))
    return entries
