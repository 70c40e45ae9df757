"""One customer per identity: a channel buyer id first, then a normalised e-mail, else a new one.

The policy and why: docs/adr/002-customer-matching.md. Every identity key has a deterministic
aggregate id (``IdentityClaim.id_for``); the aggregate stored there owns the key: the customer a
channel buyer's first key created, or an ``IdentityClaim`` naming the customer. Two concurrent
creations of one buyer collide in the event store; the loser resolves again and finds the winner.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID, uuid4

from application.aggregate_store import AggregateStore
from domain.customer import ChannelIdentity, Contact, Customer, IdentityClaim, normalise_email
from domain.eventsourced import Aggregate
from ports.numbering import NumberSequence

CUSTOMER_SEQUENCE = "customer"


def customer_number(n: int) -> str:
    return f"CUS-{n}"


@dataclass
class Resolution:
    customer_id: UUID
    to_save: list[Aggregate] = field(default_factory=list)


class CustomerMatcher:
    def __init__(self, book: AggregateStore, numbers: NumberSequence) -> None:
        self._book, self._numbers = book, numbers

    def claim_owner(self, key: str, known: Mapping[UUID, Aggregate] | None = None) -> UUID | None:
        """The customer owning ``key``; ``known``: the aggregates at the keys' ids, already loaded (a
        page's), absent ones unclaimed."""
        claim_id = IdentityClaim.id_for(key)
        owner = known.get(claim_id) if known is not None else self._book.get(claim_id)
        if isinstance(owner, IdentityClaim):
            return owner.customer_id
        return owner.id if isinstance(owner, Customer) else None

    def claims_of(self, keys: list[str]) -> dict[UUID, Aggregate]:
        """The aggregates owning ``keys`` (by the keys' ids), in one read: for ``for_channel_buyer(known=...)``."""
        return self._book.get_many([IdentityClaim.id_for(k) for k in keys])

    def for_new_data(self, contact: Contact, now: datetime) -> Resolution:
        """An order's new customer data: the e-mail's owner if it has one, else a new customer."""
        email = normalise_email(contact.email)
        if email is not None:
            owner = self.claim_owner(IdentityClaim.email_key(email))
            if owner is not None:
                return Resolution(owner)
        return self.register(contact, now)

    def register(self, contact: Contact, now: datetime) -> Resolution:
        customer_id = uuid4()
        number = customer_number(self._numbers.next_numbers(CUSTOMER_SEQUENCE, 1)[0])
        customer = Customer.register(customer_id=customer_id, number=number, contact=contact, now=now)
        claims = [IdentityClaim.claim(k, customer_id, now) for k in identity_keys(contact.email, None)]
        return Resolution(customer_id, [customer, *claims])

    def for_channel_buyer(
        self,
        contact: Contact,
        identity: ChannelIdentity | None,
        now: datetime,
        new_number: Callable[[], str],
        known: Mapping[UUID, Aggregate] | None = None,
    ) -> Resolution:
        """A channel order's buyer: identity claim, then e-mail claim (linking the identity), else new.

        ``known``: the claims of this buyer's keys, already loaded (see ``claims_of``)."""
        if identity is not None:
            owner = self.claim_owner(IdentityClaim.identity_key(identity), known)
            if owner is not None:
                return Resolution(owner)
        email = normalise_email(contact.email)
        if email is not None:
            owner = self.claim_owner(IdentityClaim.email_key(email), known)
            if owner is not None:
                return Resolution(owner, self._link(owner, identity, now))
        # The new customer takes the id of the buyer's first key, which it then owns without a claim
        # (one event fewer per new buyer); its other key gets a claim.
        keys = identity_keys(contact.email, identity)
        customer_id = IdentityClaim.id_for(keys[0]) if keys else uuid4()
        customer = Customer.import_from_channel(
            customer_id=customer_id, number=new_number(), contact=contact, identity=identity, now=now
        )
        claims = [IdentityClaim.claim(k, customer_id, now) for k in keys[1:]]
        return Resolution(customer_id, [customer, *claims])

    def _link(self, owner: UUID, identity: ChannelIdentity | None, now: datetime) -> list[Aggregate]:
        if identity is None:
            return []
        customer = self._book.get(owner)
        if customer is None or not customer.link_identity(identity, now):
            return []
        claim = IdentityClaim.claim(IdentityClaim.identity_key(identity), owner, now)
        return [customer, claim]


def identity_keys(email: str | None, identity: ChannelIdentity | None) -> list[str]:
    """A customer's identity keys, the channel buyer id first."""
    keys = [IdentityClaim.identity_key(identity)] if identity is not None else []
    if normalise_email(email) is not None:
        assert email is not None
        keys.append(IdentityClaim.email_key(email))
    return keys
