"""Import one page of channel orders: new ones recorded, changed ones synced, in one transaction.

Saving a page costs one transaction, not one per order. If the page's transaction collides with a
concurrent writer (two syncs of one channel, an API status change), each order is redone on its
own, where a collision on the deterministic order id simply means "already imported".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from application.aggregate_store import AggregateStore
from application.customer_matching import CustomerMatcher
from application.errors import KeptCollidingError
from application.ordering import ORDER_SEQUENCE, order_number
from application.page_buyers import PageBuyers
from application.unit_of_work import retrying
from domain.channel_order import ChannelBuyer, ChannelOrder
from domain.customer import Customer
from domain.eventsourced import Aggregate
from domain.order import Order
from ports.channels import PulledOrder
from ports.numbering import NumberSequence

NO_BUYER = ChannelBuyer()
"""What an erased customer's orders show of the buyer a channel reported (privacy decodes it so)."""


@dataclass
class IntakeResult:
    imported: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def recorded(self) -> list[str]:
        return [*self.imported, *self.updated, *self.unchanged]


class ChannelIntake:
    def __init__(self, book: AggregateStore, numbers: NumberSequence, matcher: CustomerMatcher) -> None:
        self._book, self._numbers, self._matcher = book, numbers, matcher

    def import_page(self, channel: str, kind: str, page: list[PulledOrder], now: datetime) -> IntakeResult:
        latest = list({pulled.order.external_id: pulled for pulled in page}.values())  # may repeat one
        try:
            decide_page = partial(self._decide, channel, kind, latest, now)
            return retrying(self._book, f"a page of {channel}", decide_page, attempts=1)
        except KeptCollidingError:  # each order on its own: one that is already there is just that
            result = IntakeResult()
            for pulled in latest:
                decide_one = partial(self._decide, channel, kind, [pulled], now)
                one = retrying(self._book, f"order {pulled.order.external_id} of {channel}", decide_one)
                result.imported += one.imported
                result.updated += one.updated
                result.unchanged += one.unchanged
            return result

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
        buyers = PageBuyers(self._matcher, channel, new, now)
        for pulled in page:
            external_id = pulled.order.external_id
            if ids[external_id] in same:
                result.unchanged.append(external_id)
                continue
            order = existing.get(ids[external_id])
            if isinstance(order, Order):
                if order.sync_from_channel(
                    self._without_erased_buyer(order, pulled.order), pulled.receipt, now
                ):
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

    def _without_erased_buyer(self, order: Order, reported: ChannelOrder) -> ChannelOrder:
        """The report, without its buyer when the order's customer is erased: the buyer the channel
        reports again is not recorded again (it would be sealed under the destroyed key, and every
        report would record a change). Only an order whose recorded buyer is empty and whose report
        names one is looked into: rare, so the sync's pages cost no read more."""
        recorded = order.channel_content
        if recorded is None or recorded.buyer != NO_BUYER or reported.buyer == NO_BUYER:
            return reported
        customer = self._book.get(order.customer_id)
        if isinstance(customer, Customer) and customer.erased:
            return reported.model_copy(update={"buyer": NO_BUYER})
        return reported
