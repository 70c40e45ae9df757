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
    contact = customer.contact
    return {
        "id": str(customer.id),
        "number": customer.number,
        "name": contact.name,
        "email": contact.email,
        "phone": contact.phone,
        "company": contact.company,
        "billing_address": address_view(contact.billing_address),
        "shipping_address": address_view(contact.shipping_address),
        "channel_identities": [i.model_dump() for i in customer.channel_identities],
        "created_at": customer.created_at.isoformat(),
        "version": customer.version,
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
