"""JSON views of aggregates, exactly as design/API.md names the fields."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from domain.actor import recorded_actor
from domain.address import Address
from domain.channel import Channel
from domain.customer import Customer
from domain.order import Order
from domain.order_line import OrderLine


def money(amount: Decimal) -> str:
    return f"{amount.quantize(Decimal('0.01'))}"


def address_view(address: Address | None) -> dict[str, Any] | None:
    return None if address is None else address.model_dump(mode="json")


def line_view(line: OrderLine) -> dict[str, Any]:
    return {
        "sku": line.sku,
        "title": line.title,
        "quantity": line.quantity,
        "unit_price": money(line.unit_price),
        "tax_rate": None if line.tax_rate is None else f"{line.tax_rate}",
        "total": money(line.total),
    }


RESTRICTED = ("billing_address", "shipping_address")
"""What an erased customer's order keeps for the law (names and addresses, § 147 AO) but shows only
to admins (GDPR Art. 18): other callers see these as null."""
RESTRICTED_IN_EVENTS = (*RESTRICTED, "order.billing_address", "order.shipping_address")
ERASED_BUYER = "order.buyer"
"""The buyer a channel reported (id, e-mail, name, phone): contact data, erased with the customer."""


def restricted_order_view(order: Order) -> dict[str, Any]:
    return {**order_view(order), **dict.fromkeys(RESTRICTED)}


def restricted_event_view(event: Any, buyer_only: bool = False) -> dict[str, Any]:
    """An event of an erased customer's order: without the buyer, and (unless ``buyer_only``: for
    admins) without the names and addresses kept for the law."""
    view = event_view(event)
    for path in (ERASED_BUYER,) if buyer_only else (ERASED_BUYER, *RESTRICTED_IN_EVENTS):
        *parents, name = path.split(".")
        data = view["data"]
        for parent in parents:
            data = data.get(parent) if isinstance(data, dict) else None
        if isinstance(data, dict) and name in data:
            data[name] = None
    return view


ERASED_IN_EVENTS = ("contact", "identity")
"""What an erased customer's own events held: gone with its contact key, and never shown again."""


def erased_customer_event_view(event: Any) -> dict[str, Any]:
    view = event_view(event)
    for name in ERASED_IN_EVENTS:
        if name in view["data"]:
            view["data"][name] = None
    return view


def customer_history_view(events: list[Any]) -> list[dict[str, Any]]:
    erased = any(isinstance(e, Customer.Erased) for e in events)
    return [(erased_customer_event_view if erased else event_view)(e) for e in events]


def order_view(order: Order) -> dict[str, Any]:
    return {
        "id": str(order.id),
        "number": order.number,
        "customer_id": str(order.customer_id),
        "source": {
            "kind": order.source_kind,
            "channel": order.channel,
            "external_id": order.external_id,
            "external_number": order.channel_content.external_number if order.channel_content else None,
        },
        "status": str(order.status),
        "currency": order.currency,
        "lines": [line_view(line) for line in order.lines],
        "shipping_cost": money(order.shipping_cost),
        "adjustments": [
            {"kind": a.kind, "title": a.title, "amount": money(a.amount)} for a in order.adjustments
        ],
        "total": money(order.total),
        "billing_address": address_view(order.billing_address),
        "shipping_address": address_view(order.shipping_address),
        "tracking": [t.model_dump(mode="json") for t in order.tracking],
        "note": order.note,
        "notes": [
            {"text": n.text, "at": n.at.isoformat(), "actor": recorded_actor(n).model_dump(mode="json")}
            for n in order.notes or ()
        ],
        "cancel_reason": order.cancel_reason,
        "cancellation_request": (
            order.cancellation_request.model_dump(mode="json") if order.cancellation_request else None
        ),
        "pending_pushes": len(order.pending_pushes),
        "push_refused": order.push_refused,
        "created_at": order.placed_at.isoformat(),
        "updated_at": order.modified_on.isoformat(),
        "version": order.version,
    }


def customer_view(customer: Customer) -> dict[str, Any]:
    """An erased customer: its id, number, dates and ``erased_at``; no personal data."""
    contact = customer.contact if not customer.erased else None
    return {
        "id": str(customer.id),
        "number": customer.number,
        "name": contact.name if contact else None,
        "email": contact.email if contact else None,
        "phone": contact.phone if contact else None,
        "company": contact.company if contact else None,
        "billing_address": address_view(contact.billing_address) if contact else None,
        "shipping_address": address_view(contact.shipping_address) if contact else None,
        "channel_identities": [i.model_dump() for i in customer.channel_identities] if contact else [],
        "created_at": customer.created_at.isoformat(),
        "version": customer.version,
        "erased_at": customer.erased_at.isoformat() if customer.erased_at else None,
    }


def channel_view(channel: Channel) -> dict[str, Any]:
    return {
        "name": channel.name,
        "kind": channel.kind,
        "settings": channel.public_settings,
        "sync_interval_seconds": channel.sync_interval_seconds,
        "watermark": channel.watermark.isoformat() if channel.watermark else None,
        "last_sync": channel.last_sync.model_dump() if channel.last_sync else None,
        "last_sync_at": channel.last_sync_at.isoformat() if channel.last_sync_at else None,
        "quarantined": len(channel.quarantine),
        "paused": channel.paused,
        "paused_at": channel.paused_at.isoformat() if channel.paused_at else None,
    }


def event_view(event: Any) -> dict[str, Any]:
    skip = {"originator_id", "originator_version", "timestamp", "originator_topic", "actor"}
    return {
        "type": type(event).__name__,
        "version": event.originator_version,
        "timestamp": event.timestamp.isoformat(),
        "actor": recorded_actor(event).model_dump(mode="json"),
        "data": event.model_dump(mode="json", exclude=skip),
    }
