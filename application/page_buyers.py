"""The buyers of a page of new channel orders, and the customer of each as the matcher decides them.

The matcher (``application/customer_matching.py``) decides for the whole page at once: the claims
of every buyer on the page are read in one go, and the new customers' numbers are taken in one go,
instead of a read per claim and a transaction per customer number.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from application.customer_matching import Buyer, CustomerMatcher, Resolution
from domain.customer import ChannelIdentity, Contact
from domain.eventsourced import Aggregate
from ports.channels import PulledOrder


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


def channel_buyer(channel: str, pulled: PulledOrder) -> Buyer:
    buyer = pulled.order.buyer
    identity = ChannelIdentity(channel=channel, external_id=buyer.external_id) if buyer.external_id else None
    return Buyer(buyer_contact(pulled), identity)


class PageBuyers:
    """The customers of a page's new orders, decided at once."""

    def __init__(self, matcher: CustomerMatcher, channel: str, new: list[PulledOrder], now: datetime) -> None:
        resolutions = matcher.for_channel_buyers([channel_buyer(channel, p) for p in new], now)
        self._resolutions: dict[int, Resolution] = {id(p): r for p, r in zip(new, resolutions, strict=True)}

    def customer_for(self, pulled: PulledOrder, to_save: list[Aggregate]) -> UUID:
        """``pulled``'s customer (one of the page's new orders); what deciding it changed joins ``to_save``."""
        resolution = self._resolutions[id(pulled)]
        to_save.extend(resolution.to_save)
        return resolution.customer_id
