"""The bulk-read port: the stored events of many aggregates at once (a page of orders, their buyers)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol
from uuid import UUID

from eventsourcing.persistence import StoredEvent


class StoredEventsReader(Protocol):
    def load(self, ids: Sequence[UUID]) -> tuple[dict[UUID, list[StoredEvent]], set[UUID]]:
        """Events (in version order) of the aggregates that have no snapshot, and the ids that have
        one (the caller loads those the usual way). An id in neither is not stored."""
        ...

    def changed_since(self, aggregate_id: UUID, version: int) -> bool:
        """Whether the aggregate has events after ``version``."""
        ...
