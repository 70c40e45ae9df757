"""What a projection is: tables, the event topics it follows, and how it applies one event."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Protocol

from adapters.persistence.sql_database import Tx


def iso(moment: datetime) -> str:
    """Fixed-width UTC text, so that SQL sorts and compares times correctly."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Projection(Protocol):
    name: str
    topics: list[str]

    def create(self, tx: Tx) -> None:
        """Create the tables and indexes if they do not exist."""
        ...

    def clear(self, tx: Tx) -> None:
        """Delete every row (before a rebuild)."""
        ...

    def apply(self, tx: Tx, event: Any, position: int) -> None:
        """Apply one event; seeing an event twice must change nothing."""
        ...
