"""The bulk-read port over a recorder's public API (the in-memory store), one aggregate at a time.

The SQL stores answer a page in one query (``bulk_reads.py``); in memory a call per aggregate costs
nothing, and the application reads both the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import AggregateRecorder, Mapper, StoredEvent

from adapters.persistence.recorded_content import RecordedChannelContent
from domain.channel_content import ContentJson
from ports.stored_events import StoredPage


class RecorderStoredEventsReader:
    def __init__(
        self, events: AggregateRecorder, snapshots: AggregateRecorder | None, mapper: Mapper[Any]
    ) -> None:
        self._events, self._snapshots = events, snapshots
        self._content = RecordedChannelContent(mapper)

    def load(self, ids: Sequence[UUID]) -> StoredPage:
        events: dict[UUID, list[StoredEvent]] = {}
        snapshotted: set[UUID] = set()
        for aggregate_id in dict.fromkeys(ids):
            if self._snapshots is not None and self._snapshots.select_events(aggregate_id, limit=1):
                snapshotted.add(aggregate_id)
                continue
            found = list(self._events.select_events(aggregate_id))
            if found:
                events[aggregate_id] = found
        return events, snapshotted

    def load_with_channel_content(self, ids: Sequence[UUID]) -> tuple[StoredPage, dict[UUID, ContentJson]]:
        page = self.load(ids)
        return page, self._content.of(page[0])

    def changed_since(self, aggregate_id: UUID, version: int) -> bool:
        return bool(self._events.select_events(aggregate_id, gt=version, limit=1))
