"""Which dbeS files carry one orderhub status change to the shop (pure; see channels.md 4.3).

The shop derives its status from ``set_bestellung.xml`` (Sync/Orders.php ``getOrderState``):
storno stays storno; else in Bearbeitung → bezahlt if ``cBezahlt=Y`` → versandt if ``dVersandt``
is set → teilversandt if the order has delivery notes and ``nKomplettAusgeliefert=0``. So a
partial shipment sends a delivery note (``Lieferschein_xml``) first, then the set file.
``set_bestellung`` overwrites the shipping and payment fields it names (empty means cleared), so a
shipment of an order known to be paid repeats the payment date (``StatusPush.paid_at``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from adapters.channels.jtl_shop import dbes_format as fmt
from adapters.channels.jtl_shop.carriers import carrier_and_url
from domain.order_line import Tracking
from domain.status import OrderStatus
from ports.channels import StatusPush

ORDERS_HANDLER = "Bestellungen_xml"
DELIVERY_NOTES_HANDLER = "Lieferschein_xml"


@dataclass(frozen=True)
class Post:
    handler: str
    files: dict[str, bytes]


def order_id_from_receipt(receipt: str | None, external_id: str) -> int:
    """kBestellung: the receipt given at import, else the external id (they are the same number)."""
    for candidate in (receipt, external_id):
        value = (candidate or "").strip()
        if value.isdigit() and int(value) > 0:
            return int(value)
    raise ValueError(f"no kBestellung in receipt {receipt!r} or external id {external_id!r}")


NOTE_SLOTS = 100
"""Delivery notes one order can hold before kLieferschein falls back to a digest (see below)."""
_KEY_SPACE = 2_000_000_000  # tlieferschein.kLieferschein is a signed 32-bit key


def _push_number(push_id: str) -> int | None:
    digits = push_id.strip().lstrip("v")
    return int(digits) if digits.isascii() and digits.isdigit() else None


def delivery_note_id(order_id: int, push_id: str) -> int:
    """The note's kLieferschein: the shop's key for it, so it must be unique across the shop.

    Stable per (order, push), so a retried push updates its note instead of adding one. Pushes are
    numbered per order (``v7``), so ``kBestellung * 100 + number % 100`` is unique for shops below
    21 million orders (and orders with fewer than 100 changes between two shipments); beyond that a
    digest of both stands in.
    """
    number = _push_number(push_id)
    if number is not None and (order_id + 1) * NOTE_SLOTS <= _KEY_SPACE:
        return order_id * NOTE_SLOTS + number % NOTE_SLOTS
    digest = hashlib.sha256(f"{order_id}/{push_id}".encode()).hexdigest()[:8]
    return int(digest, 16) % _KEY_SPACE + 1


def delivery_note_number(order_id: int, push_id: str) -> str:
    """cLieferscheinNr as the shopper sees it: unique per shop, since kBestellung is and push ids are per order."""
    number = _push_number(push_id)
    suffix = str(number) if number is not None else hashlib.sha256(push_id.encode()).hexdigest()[:8]
    return f"LS-{order_id}-{suffix}"


def _parcel(tracking: Tracking | None, created: str) -> dict[str, object | None]:
    carrier, url = carrier_and_url(tracking.carrier) if tracking else ("", "")
    return {
        "cLogistik": carrier,
        "cLogistikURL": url,
        "cIdentCode": tracking.number if tracking else "",
        "cHinweis": "",
        "dErstellt": created,
    }


def _shipment(change: StatusPush, order_id: int, now: datetime, complete: bool) -> list[Post]:
    created = now.strftime("%Y-%m-%d %H:%M:%S")
    parcel = _parcel(change.tracking, created)
    note_id = delivery_note_id(order_id, change.push_id)
    number = delivery_note_number(order_id, change.push_id)
    note = fmt.delivery_note_file(note_id, order_id, number, created, parcel)
    fields: dict[str, object | None] = {
        "dVersandt": now.strftime("%Y-%m-%d"),
        "cIdentCode": parcel["cIdentCode"],
        "cLogistik": parcel["cLogistik"],
        "cLogistikURL": parcel["cLogistikURL"],
        "cVersandInfo": "",
        "nKomplettAusgeliefert": 1 if complete else 0,
        "cSendeEMail": "Y",
    }
    if change.paid_at is not None:  # set_bestellung overwrites what it names: keep the payment date
        fields |= {"cBezahlt": "Y", "dBezahltDatum": change.paid_at.strftime("%Y-%m-%d")}
    posts = [Post(DELIVERY_NOTES_HANDLER, note)] if change.tracking or not complete else []
    return [*posts, Post(ORDERS_HANDLER, fmt.set_order_file(order_id, fields))]


def plan_push(change: StatusPush, now: datetime) -> list[Post] | str:
    """The posts, in order, that deliver ``change``; a string says why the shop cannot take it.

    ``now`` is the shop's local time (dates in set_bestellung.xml are local calendar days).
    """
    order_id = order_id_from_receipt(change.receipt, change.external_id)
    if change.status is OrderStatus.CANCELLED:
        return [Post(ORDERS_HANDLER, fmt.storno_file([order_id]))]
    if change.status is OrderStatus.PAID:
        fields = {"cBezahlt": "Y", "dBezahltDatum": now.strftime("%Y-%m-%d"), "cSendeEMail": "Y"}
        return [Post(ORDERS_HANDLER, fmt.set_order_file(order_id, fields))]
    if change.status is OrderStatus.SHIPPED:
        return _shipment(change, order_id, now, complete=True)
    if change.status is OrderStatus.PARTIALLY_SHIPPED:
        return _shipment(change, order_id, now, complete=False)
    return (
        f"JTL-Shop cannot set an order back to {change.status} through its sync protocol (dbeS):"
        " change the order in the shop's admin"
    )
