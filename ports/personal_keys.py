"""The keys that encrypt buyers' personal data, one pair per person (crypto-shredding).

Each customer has a *contact* key (their own contact data: name, e-mail, phone, company, the
addresses on the customer record, channel buyer ids and e-mails, wherever they are recorded) and,
for each calendar year in which they ordered, a *documents* key (names and addresses on that year's
orders, which the law makes the merchant keep). Destroying a key destroys every copy of what it
encrypted: events, snapshots, backups. Erasure destroys the contact key at once; retention destroys
the documents keys of the years whose period has ended.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol
from uuid import UUID

from domain.privacy import DataSubject

CONTACT: Literal["contact"] = "contact"


def documents(year: int) -> str:
    """The purpose of the key for the order documents of one calendar year."""
    return f"documents:{year}"


@dataclass(frozen=True, slots=True)
class KeyRef:
    """Names one key: whose, and for what (``CONTACT`` or ``documents(year)``)."""

    subject: UUID
    purpose: str
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Hashed once: a save or a page of keys hashes each name a dozen times, and UUID's own
        # __hash__ is Python code.
        object.__setattr__(self, "_hash", hash((self.subject.int, self.purpose)))

    def __hash__(self) -> int:
        return self._hash


class PersonalKeys(Protocol):
    def key_for(self, ref: KeyRef) -> bytes:
        """The 32-byte key for ``ref``, made (and stored, committed) if there is none yet.

        Raises ``KeyDestroyedError`` when it existed and was destroyed: nothing is ever sealed
        again under a destroyed key's name.
        """
        ...

    def keys_for(self, refs: list[KeyRef]) -> dict[KeyRef, bytes]:
        """Like ``key_for`` for many at once (one transaction for those to be made); destroyed ones
        are left out instead of raising."""
        ...

    def existing(self, refs: list[KeyRef]) -> dict[KeyRef, bytes]:
        """The keys that exist among ``refs``; destroyed and never-made ones are left out."""
        ...

    def destroy(self, subject: UUID, purposes: list[str] | None = None) -> int:
        """Destroy the subject's keys (all of them, or those of ``purposes``); how many were destroyed."""
        ...

    def destroy_documents_until(self, year: int) -> int:
        """Destroy every subject's documents keys of ``year`` and earlier; how many were destroyed."""
        ...


class KeyDestroyedError(LookupError):
    """A key was asked for by a name whose key has been destroyed."""


@dataclass
class SavedSubjects:
    """Whose personal data the events being saved hold, by aggregate id: the event store's mapper
    sees events, not aggregates, so the aggregate store says it while it saves (``SAVING``)."""

    subjects: Mapping[UUID, DataSubject]
    keys: dict[Any, Any] = field(default_factory=dict)
    """What the mapper made ready for this save (its keys): the mapper's business."""


SAVING: ContextVar[SavedSubjects | None] = ContextVar("orderhub_saved_subjects", default=None)
