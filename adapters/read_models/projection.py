"""What a projection is: tables, the event topics it follows, and how it applies a page of events.

Projections read events as stored (``EventRecord.data`` is the event's JSON state: amounts are
decimal strings, times ISO 8601 text), not as validated domain objects: decoding only what a read
model needs is what makes a rebuild fast. The property tests check that the result equals a fold
over the validated events.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Protocol

from adapters.persistence.sql_database import Tx


@dataclass(slots=True)
class EventRecord:
    position: int
    topic: str
    originator_id: str
    version: int
    data: dict[str, Any]


class Projection(Protocol):
    @property
    def name(self) -> str:
        """Unique; names the tracking row and appears in status and errors."""
        ...

    @property
    def topics(self) -> list[str]:
        """The event topics it follows (filtered in the database)."""
        ...

    @property
    def tables(self) -> tuple[str, ...]:
        """The tables this instance writes to (the live ones, or a rebuild's new ones)."""
        ...

    def schema(self) -> list[str]:
        """The DDL for the live tables: a change of it makes the runner rebuild the projection."""
        ...

    def renamed(self, suffix: str) -> Projection:
        """The same projection writing to tables named with ``suffix`` (a blue/green rebuild)."""
        ...

    def create(self, tx: Tx, indexes: bool = True) -> None:
        """Create the tables, and their indexes when the tables are new (a rebuild adds them later)."""
        ...

    def index_statements(self) -> list[str]:
        """``CREATE INDEX IF NOT EXISTS`` statements for the tables of this instance."""
        ...

    def apply(self, tx: Tx, events: Sequence[EventRecord], new_rows_only: bool = False) -> None:
        """Apply events in order; seeing an event twice must change nothing.

        ``new_rows_only``: no row exists yet for an aggregate created by one of ``events`` (true in
        a rebuild, which reads each event once), so creations need not be looked up.
        """
        ...


def iso(moment: datetime) -> str:
    """Fixed-width UTC text, so that SQL sorts and compares times correctly."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def utc_text(stored: str) -> str:
    """A stored ISO time as ``iso()`` text, without parsing the usual UTC ``...Z`` forms."""
    if stored[-1:] == "Z":
        if len(stored) == 27 and stored[19] == ".":
            return stored
        if len(stored) == 20:
            return stored[:-1] + ".000000Z"
    return iso(datetime.fromisoformat(stored))


def from_utc_text(text: str) -> str:
    """Stored ``iso()`` text as the API shows times (``datetime.isoformat()``, UTC offset).

    ``iso()`` text is fixed-width, so its ``isoformat()`` is a matter of the suffix (no fraction
    when it is zero, as ``isoformat`` leaves it out): parsing it took 63 % of an order list page.
    """
    if len(text) == 27 and text[19] == "." and text[26] == "Z":
        return text[:19] + "+00:00" if text.endswith(".000000Z") else text[:26] + "+00:00"
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC).isoformat()


def cents(amount: str) -> int:
    """An amount with two places, as stored (``"-4.90"``), in integer cents: sums stay exact in SQL."""
    if amount[-3:-2] == "." and amount[-2:].isdigit():
        return int(amount.replace(".", ""))
    exact = Decimal(amount) * 100
    if exact != exact.to_integral_value():
        raise ValueError(f"amount {amount!r} has more than two decimal places")
    return int(exact)


def money(total_cents: int) -> str:
    """Integer cents as the API's two-place decimal string."""
    return str(Decimal(total_cents).scaleb(-2))
