"""Which data is personal, whose it is, and which of the person's keys keeps it (crypto-shredding).

Each event class (``personal_data``) and each aggregate, for its snapshots (``personal_state``),
names the JSON paths of the personal data it holds, per key: *contact* (the customer's own contact
data: erased at once on request) and *documents* (names and addresses on an order, which the law
makes the merchant keep until the retention period of the order's calendar year ends). The stores
keep these values encrypted under the person's key; once the key is destroyed each path reads as
the value given here (None, or an empty list or buyer). Everything not named stays readable:
amounts, lines, dates, statuses, ids, numbers, so reports and rebuilds need no key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any
from uuid import UUID


@dataclass(frozen=True)
class PersonalData:
    """Dotted JSON paths (``"order.buyer"``) per key, each with what it reads as once erased."""

    contact: Mapping[str, Any] = field(default_factory=dict)
    documents: Mapping[str, Any] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.contact or self.documents)

    def under(self, prefix: str) -> PersonalData:
        """The same paths inside ``prefix`` (a snapshot keeps the aggregate's state in ``state``)."""
        return PersonalData(
            {f"{prefix}.{p}": v for p, v in self.contact.items()},
            {f"{prefix}.{p}": v for p, v in self.documents.items()},
        )


NOTHING_PERSONAL = PersonalData()


@dataclass(frozen=True, slots=True)
class DataSubject:
    """Whose personal data an aggregate's events hold, and the date that names their documents key."""

    subject: UUID
    documents_at: datetime | None = None
    """The order's date (placed on the channel, or created here); None: no documents key."""


def document_year(moment: datetime, zone: tzinfo) -> int:
    """The calendar year of an order's documents, in the merchant's time zone: what names the
    documents key and when its retention period ends (an order placed at 23:30 on 31 December in
    Berlin belongs to that year, though it is already the next one in UTC)."""
    return moment.astimezone(zone).year
