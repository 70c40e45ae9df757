"""The bulk-read port: the stored events of many aggregates at once (a page of orders, their buyers)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from domain.channel_content import ContentJson

StoredPage = tuple[dict[UUID, list[StoredEvent]], set[UUID]]
"""Events (in version order) of the aggregates that have no snapshot, and the ids that have one
(the caller loads those the usual way). An id in neither is not stored."""


class StoredEventsReader(Protocol):
    def load(self, ids: Sequence[UUID]) -> StoredPage: ...

    def load_with_channel_content(self, ids: Sequence[UUID]) -> tuple[StoredPage, dict[UUID, ContentJson]]:
        """``load``, and for the orders among its events the channel content they last recorded,
        read without rebuilding them; left out where it cannot be read so (the order is rebuilt)."""
        ...

    def changed_since(self, aggregate_id: UUID, version: int) -> bool:
        """Whether the aggregate has events after ``version``."""
        ...
