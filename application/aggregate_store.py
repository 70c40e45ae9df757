"""The event-sourced store of orderhub's aggregates (orders, customers, channels, identity claims)."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import Recording

from application.acting import current_actor
from domain.actor import Actor
from domain.channel import Channel
from domain.channel_content import reports_change
from domain.channel_order import ChannelOrder
from domain.customer import Customer
from domain.eventsourced import Aggregate
from domain.order import Order
from domain.retention import RetentionRecord
from ports.personal_keys import SAVING, SavedSubjects
from ports.stored_events import StoredEventsReader, StoredPage

READ_CACHE_SIZE = 2000
"""Aggregates ``read`` keeps (the most recently read): a few MB."""
READ_CACHE_SECONDS = 30.0
"""How long ``read`` serves a kept aggregate without loading it again even when it has no newer
events: personal data erased (its key destroyed) shows as erased within this time, as long as the
keys themselves are kept (adapters/privacy/keys.py)."""


class AggregateStore(Application[UUID]):
    """Persistence comes from the ``env`` the composition root passes (memory, SQLite, PostgreSQL).

    Use cases save with ``save`` (through ``application/unit_of_work.py``) and read with ``get`` (to
    decide on), ``get_many`` (a page's), ``load_reported`` (a page of channel reports, skipping the orders
    whose report changes nothing)
    and ``read`` (to answer a query, cached)."""

    name = "orderhub"
    # Long-lived aggregates load from a snapshot plus the events after it.
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {
        Order: 50,
        Customer: 50,
        Channel: 25,
        RetentionRecord: 50,
    }
    bulk_reader: StoredEventsReader | None = None
    """Set by the composition root where the store can answer many ids in one query."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._reads: OrderedDict[UUID, tuple[Any, float]] = OrderedDict()  # read's: never changed in place
        self.monotonic = time.monotonic
        self._reads_lock = threading.Lock()

    def forget_reads(self) -> None:
        """Drop what ``read`` keeps: the database was recreated, so none of it exists any more."""
        with self._reads_lock:
            self._reads.clear()

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        """The library's ``Application.save``, made of its public parts for orderhub's aggregates:
        ``events.put`` stores every event in one transaction, ``take_snapshot`` snapshots at the
        declared intervals. It skips the library's runtime ``typing.Protocol`` checks, which on
        Python 3.11 cost more than storing the events (docs/adr/009-eventsourcing-internals.md).
        Anything else, or an aggregate cache, takes the library's own path.

        Every event is stamped with who did it (``application/acting.py``) as it is saved, and the
        mapper is told whose personal data each aggregate's events hold (``ports/personal_keys.py``).
        """
        aggregates = [obj for obj in objs if obj is not None]
        actor = current_actor()
        subjects = {}
        for aggregate in aggregates:
            if isinstance(aggregate, Aggregate):  # before either path, so both save them stamped
                stamp(aggregate._pending_events, actor)
                if (subject := aggregate.data_subject()) is not None:
                    subjects[aggregate.id] = subject
        token = SAVING.set(SavedSubjects(subjects))
        try:
            return self._save(aggregates, objs, kwargs)
        finally:
            SAVING.reset(token)

    def _save(self, aggregates: list[Any], objs: Any, kwargs: Any) -> list[Recording[UUID]]:
        if self.repository.cache is not None or not all(isinstance(a, Aggregate) for a in aggregates):
            return super().save(*objs, **kwargs)
        events = [event for aggregate in aggregates for event in aggregate.collect_events()]
        recordings = self.events.put(events, **kwargs)
        if self.snapshots is not None:
            kinds = {aggregate.id: type(aggregate) for aggregate in aggregates}
            for event in events:
                interval = self.snapshotting_intervals.get(kinds[event.originator_id])
                if interval is not None and event.originator_version % interval == 0:
                    self.take_snapshot(event.originator_id, version=event.originator_version)
        return recordings

    def get(self, aggregate_id: UUID) -> Any | None:
        """For a decision: the aggregate as stored now, a new object of the caller's, or None."""
        if self.bulk_reader is not None:  # one read transaction instead of two, no Protocol checks
            return self.get_many([aggregate_id]).get(aggregate_id)
        return self._from_repository(aggregate_id)

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
        wanted = list(dict.fromkeys(ids))
        # Decoded together where the mapper can: their personal data's keys are looked up at once.
        decode_all = getattr(self.mapper, "to_domain_events", None)
        flat = [e for i in wanted if i not in snapshotted for e in stored.get(i, ())]
        decoded = iter(decode_all(flat) if decode_all is not None else map(self.mapper.to_domain_event, flat))
        aggregates: dict[UUID, Aggregate] = {}
        for aggregate_id in wanted:
            aggregate: Any = None
            if aggregate_id in snapshotted:
                aggregate = self._from_repository(aggregate_id)
            elif aggregate_id in stored:
                for _ in stored[aggregate_id]:
                    event: Any = next(decoded)
                    aggregate = event.mutate(aggregate)  # the events' own (public) mutator
            if aggregate is not None:
                aggregates[aggregate_id] = aggregate
        return aggregates

    def read(self, aggregate_id: UUID) -> Any | None:
        """For a query: like ``get``, but possibly the very object an earlier read returned, so the
        caller must not change it. An aggregate read before is checked for newer events (one
        indexed lookup) and only loaded again if there are any."""
        if self.bulk_reader is None:
            return self.get(aggregate_id)
        with self._reads_lock:
            cached, read_at = self._reads.get(aggregate_id, (None, 0.0))
        now = self.monotonic()
        if (
            cached is not None
            and now - read_at < READ_CACHE_SECONDS
            and not self.bulk_reader.changed_since(aggregate_id, cached.version)
        ):
            return cached
        aggregate = self.get(aggregate_id)
        if aggregate is not None:
            with self._reads_lock:
                self._reads[aggregate_id] = (aggregate, now)
                self._reads.move_to_end(aggregate_id)
                while len(self._reads) > READ_CACHE_SIZE:
                    self._reads.popitem(last=False)
        return aggregate

    def _from_repository(self, aggregate_id: UUID) -> Any | None:
        try:
            return self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None


def stamp(events: list[Any], actor: Actor) -> None:
    """Record ``actor`` on each of these events that names none yet. The events are frozen, but
    these are an aggregate's pending events, which no one else has seen: they are stamped in place
    rather than copied, since a copy per event costs about 5 % of a channel import."""
    for event in events:
        if event.actor is None:
            object.__setattr__(event, "actor", actor)  # pydantic keeps fields in ``__dict__``
            event.__pydantic_fields_set__.add("actor")
