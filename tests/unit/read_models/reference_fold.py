"""What the read-model tables must hold, folded directly from the validated domain events.

Written apart from the projection code on purpose (domain objects and Decimal arithmetic instead of
stored JSON and cents), so that a test comparing the two checks one against the other.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import orjson

from domain.channel import Channel
from domain.customer import Customer, normalise_email
from domain.order import Order
from domain.status import OrderStatus, overall


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def cents(amount: Decimal) -> int:
    return int(amount * 100)


def orders(events: Iterable[Any]) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for e in events:
        key = str(e.originator_id)
        if isinstance(e, Order.Created):
            total = sum((line.quantity * line.unit_price for line in e.lines), Decimal(0)) + e.shipping_cost
            rows[key] = dict(
                number=e.number,
                customer_id=str(e.customer_id),
                source_kind=e.source_kind,
                channel=None,
                external_id=None,
                local_status=None,
                channel_status=None,
                currency=e.currency,
                total_cents=cents(total),
                created_at=utc(e.timestamp),
                pending_pushes=0,
            )
        elif isinstance(e, Order.ImportedFromChannel):
            rows[key] = dict(
                number=e.number,
                customer_id=str(e.customer_id),
                source_kind=e.channel_kind,
                channel=e.channel,
                external_id=e.order.external_id,
                local_status=None,
                channel_status=str(e.order.status),
                currency=e.order.currency,
                total_cents=cents(e.order.total),
                created_at=utc(e.order.placed_at),
                pending_pushes=0,
            )
        elif isinstance(e, Order.StatusSynced | Order.DetailsSynced):
            rows[key].update(
                channel_status=str(e.order.status),
                currency=e.order.currency,
                total_cents=cents(e.order.total),
            )
        elif isinstance(e, Order.StatusChanged):
            rows[key]["local_status"] = str(e.status)
            rows[key]["pending_pushes"] += 1 if e.push_id else 0
        elif isinstance(e, Order.StatusPushed | Order.PushRejected):
            rows[key]["pending_pushes"] -= 1
        elif not isinstance(e, Order.NoteAdded | Order.ShippingAddressCorrected):  # those: when, version
            continue
        row = rows[key]
        statuses = (row["channel_status"], row["local_status"])
        row["status"] = str(overall(*(OrderStatus(s) if s else None for s in statuses)))
        row["updated_at"], row["version"] = utc(e.timestamp), e.originator_version
    return rows


def sales(order_rows: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {
        key: dict(
            channel_key=row["channel"] or f"({row['source_kind']})",
            currency=row["currency"],
            total_cents=row["total_cents"],
            status=row["status"],
            created_at=row["created_at"],
            day=row["created_at"][:10],
            version=row["version"],
        )
        for key, row in order_rows.items()
    }


def customers(events: Iterable[Any]) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for e in events:
        key = str(e.originator_id)
        if isinstance(e, Customer.Created | Customer.ImportedFromChannel):
            rows[key] = dict(number=e.number, created_at=utc(e.timestamp))
        elif isinstance(e, Customer.Erased):
            rows[key].update(name=None, email=None, company=None, search=None, version=e.originator_version)
            continue
        elif not isinstance(e, Customer.ContactChanged):
            continue
        c, row = e.contact, rows[key]
        if c is None:  # its contact key is destroyed
            row.update(name=None, email=None, company=None, search=None, version=e.originator_version)
            continue
        row.update(
            name=c.name, email=normalise_email(c.email), company=c.company, version=e.originator_version
        )
        row["search"] = " ".join([row["number"], c.name, c.email or "", c.company or ""]).lower()
    return rows


def sync_log(events: Iterable[Any]) -> dict[tuple[str, int], dict[str, Any]]:
    rows: dict[tuple[str, int], dict[str, Any]] = {}
    for e in events:
        if isinstance(e, Channel.RegisteredAgain):  # a new channel under the name: its own log only
            rows = {k: row for k, row in rows.items() if k[0] != str(e.originator_id)}
        elif isinstance(e, Channel.Synced):
            rows[(str(e.originator_id), e.originator_version)] = dict(
                started_at=utc(e.started_at),
                finished_at=utc(e.timestamp),
                complete=1 if e.summary.complete else 0,
                error=e.summary.error,
                summary=orjson.loads(e.summary.model_dump_json()),
            )
    return rows
