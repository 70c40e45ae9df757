"""The buyers of a page of new channel orders: one customer per buyer identity, found in few reads.

The claims of every buyer on the page are read at once, and the numbers of the customers the page
will create are taken at once (the same decisions ``customer_for`` makes, made ahead), instead of
a read per claim and a transaction per customer number.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from application.customer_matching import CUSTOMER_SEQUENCE, CustomerMatcher, customer_number, identity_keys
from domain.customer import ChannelIdentity, Contact
from domain.eventsourced import Aggregate
from ports.channels import PulledOrder
from ports.numbering import NumberSequence


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


def _buyer_keys(channel: str, pulled: PulledOrder) -> tuple[ChannelIdentity | None, list[str]]:
    """The buyer's channel identity, and its identity keys: what may own it, and what tells the same
    buyer twice in one page."""
    buyer = pulled.order.buyer
    identity = ChannelIdentity(channel=channel, external_id=buyer.external_id) if buyer.external_id else None
    return identity, identity_keys(buyer.email, identity)


class PageBuyers:
    """The buyers of a page's new orders: their claims read at once, new customers' numbers taken at once."""

    def __init__(
        self,
        matcher: CustomerMatcher,
        numbers: NumberSequence,
        channel: str,
        new: list[PulledOrder],
        now: datetime,
    ) -> None:
        self._matcher, self._sequence, self._channel, self._now = matcher, numbers, channel, now
        self._keys = {id(p): _buyer_keys(channel, p) for p in new}
        self._claims = matcher.claims_of([k for _, keys in self._keys.values() for k in keys])
        self._seen: dict[str, UUID] = {}
        unseen: set[str] = set()
        newcomers = 0  # buyers this page will create: the same decisions as customer_for, made ahead
        for _, keys in self._keys.values():
            if unseen.intersection(keys):
                continue
            unseen.update(keys)
            if all(matcher.claim_owner(k, self._claims) is None for k in keys):
                newcomers += 1
        self._numbers = iter(numbers.next_numbers(CUSTOMER_SEQUENCE, newcomers))

    def customer_for(self, pulled: PulledOrder, to_save: list[Aggregate]) -> UUID:
        identity, keys = self._keys.get(id(pulled)) or _buyer_keys(self._channel, pulled)
        for key in keys:  # the same buyer twice in one page: one customer, one lookup
            if key in self._seen:
                return self._seen[key]
        resolution = self._matcher.for_channel_buyer(
            buyer_contact(pulled), identity, self._now, self._customer_number, known=self._claims
        )
        to_save.extend(resolution.to_save)
        for key in keys:
            self._seen[key] = resolution.customer_id
        return resolution.customer_id

    def _customer_number(self) -> str:
        number = next(self._numbers, None)
        if number is None:  # not foreseen (cannot happen while decisions match): take one more
            number = self._sequence.next_numbers(CUSTOMER_SEQUENCE, 1)[0]
        return customer_number(number)
