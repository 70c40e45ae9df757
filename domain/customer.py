"""The Customer aggregate, and the claims that keep one customer per identity."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from functools import lru_cache
from typing import Annotated, ClassVar
from uuid import NAMESPACE_URL, UUID, uuid5

from pydantic import StringConstraints

from domain.address import Address
from domain.eventsourced import Aggregate, Immutable
from domain.privacy import DataSubject, PersonalData

CUSTOMER_NAMESPACE = uuid5(NAMESPACE_URL, "https://orderhub.dev/customers")

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Optional200 = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None
Email = Annotated[str, StringConstraints(strip_whitespace=True, max_length=320)] | None


def normalise_email(email: str | None) -> str | None:
    """Trimmed, lower-cased and in Unicode NFC: how two spellings of one address are recognised.

    ``str.lower``, not ``casefold``: casefolding would make ``straße.de`` and ``strasse.de`` (two
    domains under IDNA 2008) one address, and change the keys already stored for such addresses.
    NFC leaves plain ASCII as it is, so the keys stored for ASCII addresses stay byte-identical.
    """
    if email is None:
        return None
    if email.isascii():  # nearly every address: no Unicode tables needed
        return email.strip().lower() or None
    # Lower-casing may leave a composable pair (Greek capitals with dialytika and an accent),
    # hence NFC once more after it.
    cleaned = unicodedata.normalize("NFC", unicodedata.normalize("NFC", email).strip().lower())
    return cleaned or None


class ChannelIdentity(Immutable):
    channel: str
    external_id: str


ErasureReason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
"""Why a customer was erased (e.g. "request by e-mail of 2026-12-04", "eBay account deletion")."""


class Contact(Immutable):
    name: Name
    email: Email = None
    phone: Optional200 = None
    company: Optional200 = None
    billing_address: Address | None = None
    shipping_address: Address | None = None


class Customer(Aggregate):
    number: str
    contact: Contact | None
    """None once erased (the contact key destroyed)."""
    channel_identities: list[ChannelIdentity]
    created_at: datetime
    erased_at: datetime | None = None
    """When the customer's personal data was erased (GDPR Art. 17); None while it is kept."""
    personal_state: ClassVar[PersonalData] = PersonalData(contact={"contact": None, "channel_identities": []})

    def __init__(self) -> None:
        """Attributes are set by the created event's ``apply``."""

    def data_subject(self) -> DataSubject:
        return DataSubject(self.id)

    class Created(Aggregate.Created):
        number: str
        contact: Contact | None
        personal_data: ClassVar[PersonalData] = PersonalData(contact={"contact": None})

        def apply(self, customer: Customer) -> None:
            customer.number, customer.contact = self.number, self.contact
            customer.channel_identities, customer.created_at = [], self.timestamp

    class ImportedFromChannel(Aggregate.Created):
        number: str
        contact: Contact | None
        identity: ChannelIdentity | None
        personal_data: ClassVar[PersonalData] = PersonalData(contact={"contact": None, "identity": None})

        def apply(self, customer: Customer) -> None:
            customer.number, customer.contact = self.number, self.contact
            customer.channel_identities = [self.identity] if self.identity else []
            customer.created_at = self.timestamp

    @classmethod
    def register(cls, *, customer_id: UUID, number: str, contact: Contact, now: datetime) -> Customer:
        return cls._create(cls.Created, id=customer_id, timestamp=now, number=number, contact=contact)

    @classmethod
    def import_from_channel(
        cls,
        *,
        customer_id: UUID,
        number: str,
        contact: Contact,
        identity: ChannelIdentity | None,
        now: datetime,
    ) -> Customer:
        return cls._create(
            cls.ImportedFromChannel,
            id=customer_id,
            timestamp=now,
            number=number,
            contact=contact,
            identity=identity,
        )

    @property
    def email(self) -> str | None:
        return self.contact.email if self.contact is not None else None

    class ChannelIdentityLinked(Aggregate.Event):
        identity: ChannelIdentity | None
        """None once erased."""
        personal_data: ClassVar[PersonalData] = PersonalData(contact={"identity": None})

        def apply(self, customer: Customer) -> None:
            if self.identity is not None:
                customer.channel_identities.append(self.identity)

    def link_identity(self, identity: ChannelIdentity, now: datetime) -> bool:
        if identity in self.channel_identities:
            return False
        self.trigger_event(self.ChannelIdentityLinked, timestamp=now, identity=identity)
        return True

    class ContactChanged(Aggregate.Event):
        contact: Contact | None
        personal_data: ClassVar[PersonalData] = PersonalData(contact={"contact": None})

        def apply(self, customer: Customer) -> None:
            customer.contact = self.contact

    def change_contact(self, contact: Contact, now: datetime) -> None:
        if contact != self.contact:
            self.trigger_event(self.ContactChanged, timestamp=now, contact=contact)

    class Erased(Aggregate.Event):
        """The customer's personal data is erased (GDPR Art. 17). It records who (the actor), when
        and why, never what: the event log must not keep what it erases."""

        reason: ErasureReason

        def apply(self, customer: Customer) -> None:
            customer.erased_at = self.timestamp
            # What was loaded before stays in no object: events replayed after the contact key is
            # destroyed decode without it anyway.
            customer.contact, customer.channel_identities = None, []

    @property
    def erased(self) -> bool:
        return self.erased_at is not None

    def erase(self, reason: str, now: datetime) -> bool:
        """Erase once; erasing an erased customer records nothing (False)."""
        if self.erased:
            return False
        self.trigger_event(self.Erased, timestamp=now, reason=reason)
        return True


class IdentityClaim(Aggregate):
    """Owns one identity key (a normalised e-mail or a channel buyer id) for one customer.

    Its id is derived from the key (``id_for``), so two concurrent claims of one key collide in
    the event store and only one customer is ever created for it. A customer created for a
    channel buyer takes the id of the buyer's first key itself and needs no claim for that key:
    whatever aggregate is stored at ``id_for(key)`` owns the key.
    """

    key: str | None
    """None once the customer's contact key is destroyed (the id, derived from it, stays)."""
    customer_id: UUID
    released_at: datetime | None = None
    """Set while released (its customer was erased): the key is free for whoever next has it."""
    personal_state: ClassVar[PersonalData] = PersonalData(contact={"key": None})

    def __init__(self) -> None:
        """Attributes are set by the created event's ``apply``."""

    def data_subject(self) -> DataSubject:
        return DataSubject(self.customer_id)

    @staticmethod
    @lru_cache(maxsize=65536)  # a page asks for the same keys several times; uuid5 is not free
    def id_for(key: str) -> UUID:
        return uuid5(CUSTOMER_NAMESPACE, key)

    @staticmethod
    def email_key(email: str) -> str:
        return f"email:{normalise_email(email)}"

    @staticmethod
    def identity_key(identity: ChannelIdentity) -> str:
        return f"identity:{identity.channel}\x1f{identity.external_id}"

    class Created(Aggregate.Created):
        key: str | None
        customer_id: UUID
        personal_data: ClassVar[PersonalData] = PersonalData(contact={"key": None})

        def apply(self, claim: IdentityClaim) -> None:
            claim.key, claim.customer_id = self.key, self.customer_id

    @staticmethod
    def id_after_erasure(key: str) -> UUID:
        """The claim of a key whose own id is held by an erased customer (a channel customer took
        the id of its first key): deterministic too, so that concurrent re-claims collide."""
        return uuid5(CUSTOMER_NAMESPACE, f"after erasure\x1f{key}")

    @classmethod
    def claim(
        cls, key: str, customer_id: UUID, now: datetime, *, after_erasure: bool = False
    ) -> IdentityClaim:
        claim_id = cls.id_after_erasure(key) if after_erasure else cls.id_for(key)
        return cls._create(cls.Created, id=claim_id, timestamp=now, key=key, customer_id=customer_id)

    class Released(Aggregate.Event):
        """Its customer was erased: the key belongs to no one until a buyer who has it comes again."""

        def apply(self, claim: IdentityClaim) -> None:
            claim.released_at = self.timestamp

    @property
    def holder(self) -> UUID | None:
        """The customer the key belongs to; None while released."""
        return None if self.released_at is not None else self.customer_id

    def release(self, now: datetime) -> bool:
        if self.released_at is not None:
            return False
        self.trigger_event(self.Released, timestamp=now)
        return True

    class Reclaimed(Aggregate.Event):
        """A released key claimed again, by the new customer of whoever has it now."""

        customer_id: UUID

        def apply(self, claim: IdentityClaim) -> None:
            claim.customer_id, claim.released_at = self.customer_id, None

    def reclaim(self, customer_id: UUID, now: datetime) -> None:
        if self.released_at is None:
            raise ValueError(f"the key is held by customer {self.customer_id}: it cannot be claimed again")
        self.trigger_event(self.Reclaimed, timestamp=now, customer_id=customer_id)
