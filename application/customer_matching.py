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

from collections.abc import Iterable, Mapping, Sequence
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
    """Who owns each of some keys: read in one go, plus what a page decided for its earlier buyers.

    A released claim (its customer was erased) owns nothing, nor does an erased customer at the id
    of its first key: such a key is free, and claiming it again is an event on the stored claim
    (``claim``), so that concurrent re-claims collide as first claims do. A key whose own id holds
    an erased customer is claimed beside it, at ``IdentityClaim.id_after_erasure``."""

    def __init__(self, stored: Mapping[UUID, Aggregate], after_erasure: Mapping[UUID, Aggregate]) -> None:
        self._stored, self._after_erasure, self._decided = stored, after_erasure, dict[str, UUID]()

    def owner(self, key: str) -> UUID | None:
        if key in self._decided:
            return self._decided[key]
        owner = self._stored.get(IdentityClaim.id_for(key))
        if isinstance(owner, IdentityClaim):
            return owner.holder
        if isinstance(owner, Customer) and owner.erased:
            later = self._after_erasure.get(IdentityClaim.id_after_erasure(key))
            return later.holder if isinstance(later, IdentityClaim) else None
        return owner.id if isinstance(owner, Customer) else None

    def id_is_free(self, key: str) -> bool:
        """Nothing was ever stored at the key's own id: a new channel customer may take it."""
        return IdentityClaim.id_for(key) not in self._stored

    def claim(self, key: str, customer_id: UUID, now: datetime) -> IdentityClaim:
        """The claim that records ``key`` (owned by no one when read) for ``customer_id``: a new one,
        or a released one claimed again. Where someone owns it by now (read again since), a new claim
        at its id: saving it collides, and the decision is made again on what is stored."""
        stored = self._stored.get(IdentityClaim.id_for(key))
        after_erasure = _erased(stored)
        if after_erasure:
            stored = self._after_erasure.get(IdentityClaim.id_after_erasure(key))
        if isinstance(stored, IdentityClaim) and stored.holder is None:
            stored.reclaim(customer_id, now)
            return stored
        return IdentityClaim.claim(key, customer_id, now, after_erasure=after_erasure)

    def held_by(self, customer_id: UUID) -> list[IdentityClaim]:
        """The stored claims that ``customer_id`` holds among the keys read."""
        claims = [*self._stored.values(), *self._after_erasure.values()]
        return [c for c in claims if isinstance(c, IdentityClaim) and c.holder == customer_id]

    def stored_customer(self, customer_id: UUID) -> Customer | None:
        """The customer, if it was read as the owner of its first key (no need to read it again)."""
        found = self._stored.get(customer_id)
        return found if isinstance(found, Customer) else None

    def claimed(self, key: str, customer_id: UUID) -> None:
        """``key`` is claimed for ``customer_id`` by the changes being decided."""
        self._decided[key] = customer_id


def _erased(stored: Aggregate | None) -> bool:
    return isinstance(stored, Customer) and stored.erased


def keys_in_history(events: Iterable[object]) -> list[str]:
    """Every identity key a customer's events name: each e-mail it had, each buyer id linked to it
    (read before its contact key is destroyed: what erasing it must release)."""
    keys: list[str] = []
    for event in events:
        contact, identity = getattr(event, "contact", None), getattr(event, "identity", None)
        email = contact.email if isinstance(contact, Contact) else None
        keys += IdentityKeys.of(email, identity if isinstance(identity, ChannelIdentity) else None).all
    return list(dict.fromkeys(keys))


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

    def owners_of(self, keys: Sequence[str], *, every_claim: bool = False) -> KeyOwners:
        """The owners of ``keys``, in one read (none without keys); a second read only for keys
        whose own id holds an erased customer (or for every key: ``every_claim``)."""
        unique = list(dict.fromkeys(keys))
        stored = self._book.get_many([IdentityClaim.id_for(k) for k in unique]) if unique else {}
        beside = [
            IdentityClaim.id_after_erasure(k)
            for k in unique
            if every_claim or _erased(stored.get(IdentityClaim.id_for(k)))
        ]
        return KeyOwners(stored, self._book.get_many(beside) if beside else {})

    def email_owner(self, email: str | None) -> UUID | None:
        keys = IdentityKeys.of(email)
        return self.owners_of(keys.all).owner(keys.email) if keys.email is not None else None

    def identity_owner(self, identity: ChannelIdentity) -> UUID | None:
        """The customer a channel buyer id belongs to now (None: nobody's, or its customer was erased)."""
        key = IdentityClaim.identity_key(identity)
        return self.owners_of([key]).owner(key)

    def claims_held(self, customer_id: UUID, keys: Sequence[str]) -> list[IdentityClaim]:
        """The claims of ``keys`` that ``customer_id`` holds (what erasing it releases)."""
        return self.owners_of(keys, every_claim=True).held_by(customer_id)

    def for_new_data(self, contact: Contact, now: datetime) -> Resolution:
        """An order's new customer data: the e-mail's owner if it has one, else a new customer."""
        keys = IdentityKeys.of(contact.email)
        owners = self.owners_of(keys.all)
        found = match(keys, owners)
        return Resolution(found.owner) if found.owner is not None else self.register(contact, now, owners)

    def register(self, contact: Contact, now: datetime, owners: KeyOwners | None = None) -> Resolution:
        """A customer entered here: a random id, and a claim for its e-mail (``owners``: of its
        keys, when read already)."""
        customer_id = uuid4()
        number = customer_number(self._numbers.next_numbers(CUSTOMER_SEQUENCE, 1)[0])
        customer = Customer.register(customer_id=customer_id, number=number, contact=contact, now=now)
        keys = IdentityKeys.of(contact.email).all
        owners = owners or self.owners_of(keys)
        return Resolution(customer_id, [customer, *(owners.claim(k, customer_id, now) for k in keys)])

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
                to_claim = buyer_keys.all[1:] if turn.owns_first_key else buyer_keys.all
                to_save = [customer, *(owners.claim(k, customer.id, now) for k in to_claim)]
            elif turn.link and buyer.identity is not None:
                to_save = _link(turn.customer_id, buyer.identity, in_page, stored, owners, now)
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
    owns_first_key: bool = False
    """The new customer has the id of its first key, so that key needs no claim."""

    @classmethod
    def decide(cls, keys: IdentityKeys, owners: KeyOwners) -> _Turn:
        found = match(keys, owners)
        if found.owner is None:
            # The new customer takes the id of the buyer's first key, which it then owns without a
            # claim (one event fewer per new buyer); its other key gets a claim. Where that id is
            # taken (a released claim, an erased customer), it gets a random id and claims each key.
            owns_first_key = bool(keys.all) and owners.id_is_free(keys.all[0])
            customer_id = IdentityClaim.id_for(keys.all[0]) if owns_first_key else uuid4()
            for key in keys.all:
                owners.claimed(key, customer_id)
            return cls(customer_id, new=True, owns_first_key=owns_first_key)
        if found.link and keys.identity is not None:
            owners.claimed(keys.identity, found.owner)
        return cls(found.owner, link=found.link)


def _link(
    owner: UUID,
    identity: ChannelIdentity,
    in_page: dict[UUID, Customer],
    stored: Mapping[UUID, Customer],
    owners: KeyOwners,
    now: datetime,
) -> list[Aggregate]:
    """What linking ``identity`` to ``owner`` saves: the customer (unless the page saves it already)
    and the identity's claim; nothing if it is linked already."""
    customer = in_page.get(owner) or stored.get(owner)
    if customer is None or not customer.link_identity(identity, now):
        return []
    claim = owners.claim(IdentityClaim.identity_key(identity), owner, now)
    if owner in in_page:
        return [claim]
    in_page[owner] = customer
    return [customer, claim]
