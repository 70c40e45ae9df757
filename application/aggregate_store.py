"""The event-sourced store of orderhub's aggregates (orders, customers, channels, identity claims)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, ProcessingEvent
from eventsourcing.persistence import Recording, StoredEvent

from domain.channel import Channel
from domain.channel_content import reports_change
from domain.channel_order import ChannelOrder
from domain.customer import Customer
from domain.eventsourced import Aggregate
from domain.order import Order
from ports.stored_events import StoredEventsReader, StoredPage

READ_CACHE_SIZE = 2000
"""Aggregates ``read_or_none`` keeps (the most recently read): a few MB."""


class AggregateStore(Application[UUID]):
    """Persistence comes from the ``env`` the composition root passes (memory, SQLite, PostgreSQL)."""

    name = "orderhub"
    # Long-lived aggregates load from a snapshot plus the events after it.
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {Order: 50, Customer: 50, Channel: 25}
    bulk_reader: StoredEventsReader | None = None
    """Set by the composition root where the store can answer many ids in one query."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._reads: OrderedDict[UUID, Any] = OrderedDict()  # read_or_none's: never changed in place
        self._reads_lock = threading.Lock()

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        """``Application.save`` for orderhub's own aggregates and events, without the library's
        runtime ``typing.Protocol`` checks (on Python 3.11 they cost more than storing the events)."""
        processing_event: ProcessingEvent[UUID] = ProcessingEvent()
        for obj in objs:
            if obj is None:
                continue
            if isinstance(obj, Aggregate):
                processing_event.events.extend(obj.collect_events())
                processing_event.aggregates[obj.id] = obj
            else:  # anything else: let the library decide what it is
                processing_event.collect_events(obj)
        processing_event.saved_kwargs.update(kwargs)
        recordings = self._record(processing_event)
        self._take_snapshots(processing_event)
        self._notify(recordings)
        self.notify(processing_event.events)  # deprecated hook, kept as the library calls it
        return recordings

    def read_or_none(self, aggregate_id: UUID) -> Any | None:
        """For queries: like ``get_or_none``, but possibly the very object an earlier read returned,
        so the caller must not change it. An aggregate read before is checked for newer events (one
        indexed lookup) and only loaded again if there are any."""
        if self.bulk_reader is None:
            return self.get_or_none(aggregate_id)
        with self._reads_lock:
            cached = self._reads.get(aggregate_id)
        if cached is not None and not self.bulk_reader.changed_since(aggregate_id, cached.version):
            return cached
        aggregate = self.get_or_none(aggregate_id)
        if aggregate is not None:
            with self._reads_lock:
                self._reads[aggregate_id] = aggregate
                self._reads.move_to_end(aggregate_id)
                while len(self._reads) > READ_CACHE_SIZE:
                    self._reads.popitem(last=False)
        return aggregate

    def get_or_none(self, aggregate_id: UUID) -> Any | None:
        if self.bulk_reader is not None:  # one read transaction instead of two, no Protocol checks
            return self.get_many([aggregate_id]).get(aggregate_id)
        return self._from_repository(aggregate_id)

    def _from_repository(self, aggregate_id: UUID) -> Any | None:
        try:
            return self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None

    def get_many(self, ids: list[UUID]) -> dict[UUID, Aggregate]:
        """The stored ones of ``ids``; with a bulk reader in two queries instead of two per id."""
        reader = self.bulk_reader
        if reader is None:
            found = {i: self._from_repository(i) for i in dict.fromkeys(ids)}
            return {i: a for i, a in found.items() if a is not None}
        return self._built(ids, reader.load(ids))

    def load_reported(self, reports: Mapping[UUID, ChannelOrder]) -> tuple[dict[UUID, Aggregate], set[UUID]]:
        """The stored orders of these channel reports (by order id), and apart from them the ids of
        those whose report changes nothing they recorded: told from their last recorded channel
        content without rebuilding them (most of a re-sync). The domain decides what is a change."""
        reader = self.bulk_reader
        if reader is None:
            return self.get_many(list(reports)), set()
        page, recorded = reader.load_with_channel_content(list(reports))
        unchanged = {i for i, content in recorded.items() if not reports_change(content, reports[i])}
        return self._built([i for i in reports if i not in unchanged], page), unchanged

    def _built(self, ids: list[UUID], page: StoredPage) -> dict[UUID, Aggregate]:
        stored, snapshotted = page
        aggregates: dict[UUID, Aggregate] = {}
        for aggregate_id in dict.fromkeys(ids):
            aggregate: Any = None
            if aggregate_id in snapshotted:
                aggregate = self._from_repository(aggregate_id)
            elif aggregate_id in stored:
                for event in map(self._event_of, stored[aggregate_id]):
                    aggregate = event.mutate(aggregate)
            if aggregate is not None:
                aggregates[aggregate_id] = aggregate
        return aggregates

    def _event_of(self, stored: StoredEvent) -> Any:
        return self.mapper.to_domain_event(stored)
