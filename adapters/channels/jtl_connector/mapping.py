"""JTL-Connector CustomerOrder JSON -> ChannelOrder, and the connector's order status -> OrderStatus.

Pure functions. Bad data raises ``CustomerOrderMappingError`` (a ValueError); the channel turns it
into a PullFailure so one broken order never stops a page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from adapters.channels.jtl_connector.item_mapping import CustomerOrderMappingError, map_items, reconcile
from adapters.channels.jtl_connector.protocol import endpoint_id_of
from domain.address import Address
from domain.channel_order import ChannelBuyer, ChannelOrder
from domain.status import OrderStatus

__all__ = ["CustomerOrderMappingError", "is_guest_id", "map_customer_order", "map_status"]

# WooCommerce writes guests as "g_<orderId>"; other endpoints use "guest..." or leave the id empty/0.
_GUEST_ID = re.compile(r"^(g|guest)([_\-:].*)?$", re.IGNORECASE)
_ORDER_STATUSES = {
    "cancelled": OrderStatus.CANCELLED,
    "shipped": OrderStatus.SHIPPED,
    "partially_shipped": OrderStatus.PARTIALLY_SHIPPED,
}


def map_status(status: Any, payment_status: Any) -> OrderStatus:
    """ARCHITECTURE.md: cancelled / shipped / partially_shipped / new+completed / new."""
    value = status or "new"  # JMS writes an unset status as ""
    if value in _ORDER_STATUSES:
        return _ORDER_STATUSES[value]
    if value != "new":
        raise CustomerOrderMappingError(f"status {status!r} is not new/cancelled/partially_shipped/shipped")
    return OrderStatus.PAID if payment_status == "completed" else OrderStatus.OPEN


def is_guest_id(endpoint_id: str | None) -> bool:
    return endpoint_id is None or endpoint_id in ("0", "") or bool(_GUEST_ID.match(endpoint_id))


def _text(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    return (value.strip() or None) if isinstance(value, str) else None


def _problems(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'value'}: {e['msg']}" for e in exc.errors())


def _address(data: Any, what: str) -> Address | None:
    if not isinstance(data, Mapping) or not any(_text(data, k) for k in ("street", "city", "zipCode")):
        return None
    name = " ".join(p for p in (_text(data, "firstName"), _text(data, "lastName")) if p)
    try:
        return Address(
            name=name or _text(data, "company") or "",
            company=_text(data, "company"),
            street=_text(data, "street") or "",
            street2=_text(data, "extraAddressLine"),
            postal_code=_text(data, "zipCode") or "",
            city=_text(data, "city") or "",
            country_code=_text(data, "countryIso") or "",
            phone=_text(data, "phone") or _text(data, "mobile"),
        )
    except ValidationError as exc:
        raise CustomerOrderMappingError(f"{what}: {_problems(exc)}") from None


def _date(value: Any, what: str) -> datetime:
    if not isinstance(value, str) or not value.strip():
        raise CustomerOrderMappingError(f"{what} is missing")
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise CustomerOrderMappingError(f"{what} {value!r} is not an ISO-8601 date") from None
    if parsed.tzinfo is None:
        raise CustomerOrderMappingError(f"{what} {value!r} has no UTC offset")
    return parsed.astimezone(UTC)


def _buyer(payload: Mapping[str, Any], billing: Address | None) -> ChannelBuyer:
    raw_billing = payload.get("billingAddress")
    billing_data: Mapping[str, Any] = raw_billing if isinstance(raw_billing, Mapping) else {}
    customer_id = endpoint_id_of(payload.get("customerId"))
    return ChannelBuyer(
        external_id=None if is_guest_id(customer_id) else customer_id,
        email=_text(billing_data, "eMail"),
        name=billing.name if billing else None,
        phone=billing.phone if billing else None,
        company=billing.company if billing else None,
    )


def _note(payload: Mapping[str, Any]) -> str | None:
    parts = [t for t in (_text(payload, "customerNote"), _text(payload, "note")) if t]
    return "\n".join(dict.fromkeys(parts))[:5000] or None


def external_id_of(payload: Any) -> str | None:
    return endpoint_id_of(payload.get("id")) if isinstance(payload, Mapping) else None


def map_customer_order(payload: Any) -> ChannelOrder:
    if not isinstance(payload, Mapping):
        raise CustomerOrderMappingError("the customer order is not a JSON object")
    external_id = external_id_of(payload)
    if external_id is None:
        raise CustomerOrderMappingError(f"id {payload.get('id')!r} is not an identity [endpointId, hostId]")
    items = payload.get("items")
    if not isinstance(items, list) or not items:
        raise CustomerOrderMappingError("the order has no items")
    try:
        totals = map_items(items)
        reconcile(totals, payload.get("totalSumGross"), payload.get("totalSum"))
        billing = _address(payload.get("billingAddress"), "billingAddress")
        return ChannelOrder(
            external_id=external_id,
            external_number=(_text(payload, "orderNumber") or "")[:200] or None,
            status=map_status(payload.get("status"), payload.get("paymentStatus")),
            currency=_text(payload, "currencyIso") or "",
            lines=totals.lines,
            shipping_cost=totals.shipping,
            adjustments=totals.adjustments,
            buyer=_buyer(payload, billing),
            billing_address=billing,
            shipping_address=_address(payload.get("shippingAddress"), "shippingAddress"),
            placed_at=_date(payload.get("creationDate"), "creationDate"),
            note=_note(payload),
        )
    except ValidationError as exc:
        raise CustomerOrderMappingError(_problems(exc)) from None
