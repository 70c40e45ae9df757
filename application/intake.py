"""Import one page of channel orders: new ones recorded, changed ones synced, in one transaction.

Saving a page costs one transaction, not one per order. If the page's transaction collides with a
concurrent writer (two syncs of one channel, an API status change), each order is redone on its
own, where a collision on the deterministic order id simply means "already imported".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from eventsourcing.persistence import IntegrityError

from application.aggregate_store import AggregateStore
from application.customer_matching import CustomerMatcher
from application.ordering import ORDER_SEQUENCE, order_number
from application.page_buyers import PageBuyers
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


class ChannelIntake:
    def __init__(self, book: AggregateStore, numbers: NumberSequence) -> None:
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
        existing, same = self._book.load_reported({ids[p.order.external_id]: p.order for p in page})
        new = [
            p
            for p in page
            if ids[p.order.external_id] not in existing and ids[p.order.external_id] not in same
        ]
        order_numbers = iter(self._numbers.next_numbers(ORDER_SEQUENCE, len(new)))
        buyers = PageBuyers(self._matcher, self._numbers, channel, new, now)
        for pulled in page:
            external_id = pulled.order.external_id
            if ids[external_id] in same:
                result.unchanged.append(external_id)
                continue
            order = existing.get(ids[external_id])
            if isinstance(order, Order):
                if order.sync_from_channel(pulled.order, pulled.receipt, now):
                    result.updated.append(external_id)
                    to_save.append(order)
                else:
                    result.unchanged.append(external_id)
                continue
            customer_id = buyers.customer_for(pulled, to_save)
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
