"""Import one page of channel orders: new ones recorded, changed ones synced, in one transaction.

Saving a page costs one transaction, not one per order. If the page's transaction collides with a
concurrent writer (two syncs of one channel, an API status change), each order is redone on its
own, where a collision on the deterministic order id simply means "already imported".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from application.customer_matching import CUSTOMER_SEQUENCE, CustomerMatcher, customer_number
from application.order_book import OrderBook
from application.ordering import ORDER_SEQUENCE, order_number
from domain.customer import ChannelIdentity, Contact, normalise_email
from domain.eventsourced import Aggregate
from domain.order import Order
from ports.channels import PulledOrder
from ports.numbering import NumberSequence

ATTEMPTS = 5


@dataclass
class IntakeResult:
    imported: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def recorded(self) -> list[str]:
        return [*self.imported, *self.updated, *self.unchanged]


def buyer_contact(pulled: PulledOrder) -> Contact:
    order, buyer = pulled.order, pulled.order.buyer
    address = order.billing_address or order.shipping_address
    name = (
        buyer.name
        or (address.name if address else None)
        or buyer.email
        or buyer.external_id
        or "Unknown buyer"
    )
    return Contact(
        name=name[:200],
        email=buyer.email,
        phone=buyer.phone,
        company=buyer.company,
        billing_address=order.billing_address,
        shipping_address=order.shipping_address,
    )


class ChannelIntake:
    def __init__(self, book: OrderBook, numbers: NumberSequence) -> None:
        self._book, self._numbers = book, numbers
        self._matcher = CustomerMatcher(book, numbers)

    def import_page(self, channel: str, kind: str, page: list[PulledOrder], now: datetime) -> IntakeResult:
        latest = {pulled.order.external_id: pulled for pulled in page}  # a page may repeat an order
        try:
            result, to_save = self._decide(channel, kind, list(latest.values()), now)
            self._book.save(*to_save)
            return result
        except IntegrityError:
            result = IntakeResult()
            for pulled in latest.values():
                self._import_alone(channel, kind, pulled, now, result)
            return result

    def _import_alone(
        self, channel: str, kind: str, pulled: PulledOrder, now: datetime, result: IntakeResult
    ) -> None:
        for _ in range(ATTEMPTS):
            one, to_save = self._decide(channel, kind, [pulled], now)
            try:
                self._book.save(*to_save)
            except IntegrityError:
                continue  # someone else recorded it (or its buyer) meanwhile: decide again
            result.imported += one.imported
            result.updated += one.updated
            result.unchanged += one.unchanged
            return
        raise IntegrityError(f"order {pulled.order.external_id} of {channel} kept colliding")

    def _decide(
        self, channel: str, kind: str, page: list[PulledOrder], now: datetime
    ) -> tuple[IntakeResult, list[Aggregate]]:
        result, to_save = IntakeResult(), list[Aggregate]()
        ids = {p.order.external_id: Order.channel_order_id(channel, p.order.external_id) for p in page}
        existing = self._book.get_many(list(ids.values()))
        new = [p for p in page if ids[p.order.external_id] not in existing]
        order_numbers = iter(self._numbers.next_numbers(ORDER_SEQUENCE, len(new)))
        buyers_seen: dict[str, UUID] = {}
        for pulled in page:
            external_id = pulled.order.external_id
            order = existing.get(ids[external_id])
            if isinstance(order, Order):
                if order.sync_from_channel(pulled.order, pulled.receipt, now):
                    result.updated.append(external_id)
                    to_save.append(order)
                else:
                    result.unchanged.append(external_id)
                continue
            customer_id = self._buyer(channel, pulled, now, buyers_seen, to_save)
            to_save.append(
                Order.import_from_channel(
                    channel=channel,
                    channel_kind=kind,
                    number=order_number(next(order_numbers)),
                    customer_id=customer_id,
                    order=pulled.order,
                    receipt=pulled.receipt,
                    now=now,
                )
            )
            result.imported.append(external_id)
        return result, to_save

    def _buyer(
        self,
        channel: str,
        pulled: PulledOrder,
        now: datetime,
        seen: dict[str, UUID],
        to_save: list[Aggregate],
    ) -> UUID:
        buyer = pulled.order.buyer
        identity = (
            ChannelIdentity(channel=channel, external_id=buyer.external_id) if buyer.external_id else None
        )
        email = normalise_email(buyer.email)
        keys = [
            k for k in (f"id:{buyer.external_id}" if identity else "", f"email:{email}" if email else "") if k
        ]
        for key in keys:  # the same buyer twice in one page: one customer, one lookup
            if key in seen:
                return seen[key]
        resolution = self._matcher.for_channel_buyer(
            buyer_contact(pulled), identity, now, self._customer_number
        )
        to_save.extend(resolution.to_save)
        for key in keys:
            seen[key] = resolution.customer_id
        return resolution.customer_id

    def _customer_number(self) -> str:
        return customer_number(self._numbers.next_numbers(CUSTOMER_SEQUENCE, 1)[0])
