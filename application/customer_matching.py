"""One customer per identity: a channel buyer id first, then a normalised e-mail, else a new one.

Everything about matching a buyer to a customer is decided here, once: which identity keys a buyer
has (``IdentityKeys``), who owns a key (``KeyOwners``), when a buyer is a new customer and when its
identity is linked to an existing one (``match``), and what a new customer is (``CustomerMatcher``).
The policy and why: docs/adr/002-customer-matching.md. Every identity key has a deterministic
aggregate id (``IdentityClaim.id_for``); the aggregate stored there owns the key: the customer a
channel buyer's first key created, or an ``IdentityClaim`` naming the customer. Two concurrent
creations of one buyer collide in the event store; the loser resolves again and finds the winner.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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


@dataclass(frozen=True)
class IdentityKeys:
    """The keys a buyer (or customer) is known by: its channel buyer id, its normalised e-mail."""

    identity: str | None
    email: str | None

    @classmethod
    def of(cls, email: str | None, identity: ChannelIdentity | None = None) -> IdentityKeys:
        normal = normalise_email(email)
        return cls(
            IdentityClaim.identity_key(identity) if identity is not None else None,
            IdentityClaim.email_key(normal) if normal is not None else None,
        )

    @property
    def all(self) -> list[str]:
        """The channel buyer id first: a new channel customer takes the id of its first key."""
        return [k for k in (self.identity, self.email) if k is not None]


class KeyOwners:
    """Who owns each of some keys: read in one go, plus what a page decided for its earlier buyers."""

    def __init__(self, stored: Mapping[UUID, Aggregate]) -> None:
        self._stored, self._decided = stored, dict[str, UUID]()

    def owner(self, key: str) -> UUID | None:
        if key in self._decided:
            return self._decided[key]
        owner = self._stored.get(IdentityClaim.id_for(key))
        if isinstance(owner, IdentityClaim):
            return owner.customer_id
        return owner.id if isinstance(owner, Customer) else None

    def stored_customer(self, customer_id: UUID) -> Customer | None:
        """The customer, if it was read as the owner of its first key (no need to read it again)."""
        found = self._stored.get(customer_id)
        return found if isinstance(found, Customer) else None

    def claimed(self, key: str, customer_id: UUID) -> None:
        """``key`` is claimed for ``customer_id`` by the changes being decided."""
        self._decided[key] = customer_id


@dataclass(frozen=True)
class Match:
    owner: UUID | None
    """The customer the buyer is; None: nobody owns any of its keys, it is a new customer."""
    link: bool = False
    """Found by e-mail: the buyer's channel identity is linked to (and claimed for) the owner."""


def match(keys: IdentityKeys, owners: KeyOwners) -> Match:
    """The one decision: the owner of the buyer id, else the owner of the e-mail, else a new customer."""
    if keys.identity is not None and (owner := owners.owner(keys.identity)) is not None:
        return Match(owner)
    if keys.email is not None and (owner := owners.owner(keys.email)) is not None:
        return Match(owner, link=keys.identity is not None)
    return Match(None)


@dataclass(frozen=True)
class Buyer:
    """A channel order's buyer: the contact data a new customer gets, and its buyer id if any."""

    contact: Contact
    identity: ChannelIdentity | None


@dataclass
class Resolution:
    customer_id: UUID
    to_save: list[Aggregate] = field(default_factory=list)


class CustomerMatcher:
    def __init__(self, book: AggregateStore, numbers: NumberSequence) -> None:
        self._book, self._numbers = book, numbers

    def owners_of(self, keys: Sequence[str]) -> KeyOwners:
        """The owners of ``keys``, in one read (none without keys)."""
        ids = list(dict.fromkeys(IdentityClaim.id_for(k) for k in keys))
        return KeyOwners(self._book.get_many(ids) if ids else {})

    def email_owner(self, email: str | None) -> UUID | None:
        keys = IdentityKeys.of(email)
        return self.owners_of(keys.all).owner(keys.email) if keys.email is not None else None

    def for_new_data(self, contact: Contact, now: datetime) -> Resolution:
        """An order's new customer data: the e-mail's owner if it has one, else a new customer."""
        keys = IdentityKeys.of(contact.email)
        found = match(keys, self.owners_of(keys.all))
        return Resolution(found.owner) if found.owner is not None else self.register(contact, now)

    def register(self, contact: Contact, now: datetime) -> Resolution:
        """A customer entered here: a random id, and a claim for its e-mail."""
        customer_id = uuid4()
        number = customer_number(self._numbers.next_numbers(CUSTOMER_SEQUENCE, 1)[0])
        customer = Customer.register(customer_id=customer_id, number=number, contact=contact, now=now)
        claims = [IdentityClaim.claim(k, customer_id, now) for k in IdentityKeys.of(contact.email).all]
        return Resolution(customer_id, [customer, *claims])

    def for_channel_buyers(self, buyers: Sequence[Buyer], now: datetime) -> list[Resolution]:
        """The customer of each buyer, in order, decided as importing them one after another would
        (a buyer with a key an earlier one claimed is that one's customer), but with every key's
        owner read at once and the new customers' numbers taken at once."""
        keys = [IdentityKeys.of(b.contact.email, b.identity) for b in buyers]
        owners = self.owners_of([k for buyer_keys in keys for k in buyer_keys.all])
        turns = [_Turn.decide(buyer_keys, owners) for buyer_keys in keys]
        numbers = iter(self._numbers.next_numbers(CUSTOMER_SEQUENCE, sum(t.new for t in turns)))
        stored = self._customers_to_link(turns, owners)
        in_page: dict[UUID, Customer] = {}  # the customers this page saves, each once
        resolutions = []
        for buyer, buyer_keys, turn in zip(buyers, keys, turns, strict=True):
            to_save: list[Aggregate] = []
            if turn.new:
                customer = Customer.import_from_channel(
                    customer_id=turn.customer_id,
                    number=customer_number(next(numbers)),
                    contact=buyer.contact,
                    identity=buyer.identity,
                    now=now,
                )
                in_page[customer.id] = customer
                to_save = [customer, *(IdentityClaim.claim(k, customer.id, now) for k in buyer_keys.all[1:])]
            elif turn.link and buyer.identity is not None:
                to_save = _link(turn.customer_id, buyer.identity, in_page, stored, now)
            resolutions.append(Resolution(turn.customer_id, to_save))
        return resolutions

    def _customers_to_link(self, turns: list[_Turn], owners: KeyOwners) -> dict[UUID, Customer]:
        """The stored customers that identities get linked to, in one read (none if none)."""
        new = {t.customer_id for t in turns if t.new}
        targets = {t.customer_id for t in turns if t.link} - new
        found = {t: c for t in targets if (c := owners.stored_customer(t)) is not None}
        unread = [t for t in targets if t not in found]
        if unread:
            found.update((i, c) for i, c in self._book.get_many(unread).items() if isinstance(c, Customer))
        return found


@dataclass(frozen=True)
class _Turn:
    """One buyer's turn in a page: ``match``'s decision, and the keys it claims for later buyers."""

    customer_id: UUID
    new: bool = False
    link: bool = False

    @classmethod
    def decide(cls, keys: IdentityKeys, owners: KeyOwners) -> _Turn:
        found = match(keys, owners)
        if found.owner is None:
            # The new customer takes the id of the buyer's first key, which it then owns without a
            # claim (one event fewer per new buyer); its other key gets a claim.
            customer_id = IdentityClaim.id_for(keys.all[0]) if keys.all else uuid4()
            for key in keys.all:
                owners.claimed(key, customer_id)
            return cls(customer_id, new=True)
        if found.link and keys.identity is not None:
            owners.claimed(keys.identity, found.owner)
        return cls(found.owner, link=found.link)


def _link(
    owner: UUID,
    identity: ChannelIdentity,
    in_page: dict[UUID, Customer],
    stored: Mapping[UUID, Customer],
    now: datetime,
) -> list[Aggregate]:
    """What linking ``identity`` to ``owner`` saves: the customer (unless the page saves it already)
    and the identity's claim; nothing if it is linked already."""
    customer = in_page.get(owner) or stored.get(owner)
    if customer is None or not customer.link_identity(identity, now):
        return []
    claim = IdentityClaim.claim(IdentityClaim.identity_key(identity), owner, now)
    if owner in in_page:
        return [claim]
    in_page[owner] = customer
    return [customer, claim]
