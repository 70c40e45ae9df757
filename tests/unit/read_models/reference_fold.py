"""What the read-model tables must hold, folded directly from the validated domain events.

Written apart from the projection code on purpose (domain objects and Decimal arithmetic instead of
stored JSON and cents), so that a test comparing the two checks one against the other.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import orjson

from adapters.read_models.search_index import CHANNEL_ID, NUMBER, PERSONAL
from domain.address import Address
from domain.channel import Channel
from domain.customer import Customer, normalise_email
from domain.order import Order
from domain.search_text import index_terms, number_terms
from domain.status import OrderStatus, overall

MERCHANT_ZONE = ZoneInfo("Europe/Berlin")
"""bootstrap's default zone: the sales report's days are Berlin's."""


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
                external_number=None,
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
                external_number=e.order.external_number,
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
                external_number=e.order.external_number or rows[key]["external_number"],
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
            day=datetime.fromisoformat(row["created_at"]).astimezone(MERCHANT_ZONE).date().isoformat(),
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
            rows[key].update(name=None, email=None, company=None, city=None, version=e.originator_version)
            continue
        elif not isinstance(e, Customer.ContactChanged):
            continue
        c, row = e.contact, rows[key]
        if c is None:  # its contact key is destroyed
            row.update(name=None, email=None, company=None, city=None, version=e.originator_version)
            continue
        row.update(
            name=c.name, email=normalise_email(c.email), company=c.company, version=e.originator_version
        )
        address = c.billing_address or c.shipping_address
        row["city"] = address.city if address else None
    return rows


def _address_texts(address: Address | None) -> list[str | None]:
    if address is None:
        return []
    return [address.name, address.company, address.street, address.street2, address.postal_code,
            address.city, address.phone]  # fmt: skip


def _terms(owner: str, number: set[str], ids: set[str], personal: set[str]) -> set[tuple[str, str, int]]:
    return (
        {(t, owner, NUMBER) for t in number}
        | {(t, owner, CHANNEL_ID) for t in ids - number}
        | {(t, owner, PERSONAL) for t in personal - ids - number}
    )


def order_terms(events: Iterable[Any]) -> set[tuple[str, str, int]]:
    """(term, order id, kind) of every order: its number, and its latest channel ids and personal
    data."""
    latest: dict[str, tuple[set[str], set[str], set[str]]] = {}
    for e in events:
        key = str(e.originator_id)
        if isinstance(e, Order.Created):  # the names and addresses on orders are not searchable
            latest[key] = (number_terms(e.number), set(), set())
        elif isinstance(e, Order.ImportedFromChannel | Order.StatusSynced | Order.DetailsSynced):
            o, b = e.order, e.order.buyer
            texts = [b.name, b.email, b.phone, b.company]
            number = number_terms(e.number) if isinstance(e, Order.ImportedFromChannel) else latest[key][0]
            latest[key] = (number, index_terms([o.external_id, o.external_number]), index_terms(texts))
    return {row for key, terms in latest.items() for row in _terms(key, *terms)}


def customer_terms(events: Iterable[Any]) -> set[tuple[str, str, int]]:
    latest: dict[str, tuple[set[str], set[str], set[str]]] = {}
    for e in events:
        key = str(e.originator_id)
        if isinstance(e, Customer.Erased):
            latest[key] = (latest[key][0], set(), set())
        elif isinstance(e, Customer.Created | Customer.ImportedFromChannel | Customer.ContactChanged):
            c = e.contact
            if c is None:  # its contact key is destroyed
                number = latest[key][0] if isinstance(e, Customer.ContactChanged) else number_terms(e.number)
                latest[key] = (number, set(), set())
                continue
            texts = [c.name, c.email, c.phone, c.company, *_address_texts(c.billing_address),
                     *_address_texts(c.shipping_address)]  # fmt: skip
            number = latest[key][0] if isinstance(e, Customer.ContactChanged) else number_terms(e.number)
            latest[key] = (number, set(), index_terms(texts))
    return {row for key, terms in latest.items() for row in _terms(key, *terms)}


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
