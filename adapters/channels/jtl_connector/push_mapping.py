"""A status change made in orderhub -> the StatusChange and DeliveryNote models the endpoint accepts.

Like JTL-Wawi, a StatusChange carries the whole state (``orderStatus`` and ``paymentStatus``):
WooCommerce only shows "Completed" for shipped + completed, and ignores a bare payment status. orderhub's
status is one ladder (open → paid → partially_shipped → shipped); a shipment says "paid" only when
orderhub knows the order was paid (``paid``), so an invoice order shipped before payment stays unpaid
in the shop. A cancellation leaves the payment status to the shop ("" = unchanged): orderhub does not
track refunds.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from adapters.channels.jtl_connector.protocol import host_id_for, identity
from domain.order_line import Tracking
from domain.status import OrderStatus

_STATUS_CHANGE: dict[OrderStatus, tuple[str, str]] = {
    OrderStatus.PAID: ("new", "completed"),
    OrderStatus.PARTIALLY_SHIPPED: ("partially_shipped", "completed"),
    OrderStatus.SHIPPED: ("shipped", "completed"),
    OrderStatus.CANCELLED: ("cancelled", ""),
}


def status_change(external_id: str, status: OrderStatus, paid: bool = True) -> dict[str, Any] | None:
    """The StatusChange model, or None when the protocol has no way to say ``status``."""
    if status not in _STATUS_CHANGE:
        return None
    order_status, payment_status = _STATUS_CHANGE[status]
    if not paid and status is not OrderStatus.PAID:
        payment_status = ""  # not known to be paid: leave the shop's payment status alone
    return {
        "customerOrderId": identity(external_id, host_id_for(external_id)),
        "orderStatus": order_status,
        "paymentStatus": payment_status,
    }


def delivery_note(
    external_id: str, push_id: str, tracking: Tracking, now: datetime, partial: bool
) -> dict[str, Any]:
    """A DeliveryNote for one parcel.

    Its hostId comes from the push id: the endpoint links delivery notes by hostId, so a push that is
    re-sent after a lost response updates the same note instead of adding a second one.
    """
    return {
        "id": identity("", host_id_for(f"delivery-note:{push_id}")),
        "customerOrderId": identity(external_id, host_id_for(external_id)),
        "creationDate": now.isoformat(timespec="seconds"),
        "isFulfillment": False,
        "note": "partial shipment" if partial else "",
        "items": [],
        "trackingLists": [{"name": tracking.carrier, "codes": [tracking.number], "trackingURLs": []}],
    }
