"""The stored events of many aggregates in one query, for use cases that look at a page at a time.

A page of 200 channel orders used to cost two queries per order (snapshot, events) and as many for
its buyer's claims; most of them find nothing (a new order, a new buyer). ``load`` answers a whole
page with two queries: which aggregates have a snapshot (those are loaded the usual way: snapshot
plus later events) and every event of the others, oldest first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresAggregateRecorder
from eventsourcing.sqlite import SQLiteAggregateRecorder

CHUNK = 500
"""Ids per ``IN (...)`` list: well below SQLite's bound-variable limit."""


class SqlStoredEventsReader:
    def __init__(self, events: Any, snapshots: Any | None) -> None:
        self._events, self._snapshots = events, snapshots

    @classmethod
    def for_recorders(cls, events: Any, snapshots: Any | None) -> SqlStoredEventsReader | None:
        """A reader for SQLite or PostgreSQL recorders; None for others (the in-memory store)."""
        kinds = (SQLiteAggregateRecorder, PostgresAggregateRecorder)
        if not isinstance(events, kinds) or (snapshots is not None and not isinstance(snapshots, kinds)):
            return None
        return cls(events, snapshots)

    def load(self, ids: Sequence[UUID]) -> tuple[dict[UUID, list[StoredEvent]], set[UUID]]:
        """Stored events (by aggregate, in version order) of the aggregates without a snapshot, and
        the ids that have a snapshot. An id in neither is not stored."""
        wanted = list(dict.fromkeys(ids))
        events: dict[UUID, list[StoredEvent]] = {}
        snapshotted: set[UUID] = set()
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            if self._snapshots is not None:
                snapshotted.update(self._select(self._snapshots, chunk, ids_only=True))
            rest = [i for i in chunk if i not in snapshotted]
            for event in self._select(self._events, rest, ids_only=False):
                events.setdefault(event.originator_id, []).append(event)
        return events, snapshotted

    def _select(self, recorder: Any, ids: list[UUID], *, ids_only: bool) -> list[Any]:
        if not ids:
            return []
        if isinstance(recorder, SQLiteAggregateRecorder):
            return _sqlite_select(recorder, ids, ids_only)
        return _postgres_select(recorder, ids, ids_only)


def _sqlite_select(recorder: SQLiteAggregateRecorder, ids: list[UUID], ids_only: bool) -> list[Any]:
    marks = ", ".join("?" * len(ids))
    table = recorder.events_table_name
    columns = "DISTINCT originator_id" if ids_only else "originator_id, originator_version, topic, state"
    order = "" if ids_only else " ORDER BY originator_id, originator_version"
    with recorder.datastore.transaction(commit=False) as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {table} WHERE originator_id IN ({marks}){order}", [i.hex for i in ids]
        )
        rows = cursor.fetchall()
    if ids_only:
        return [UUID(row[0]) for row in rows]
    return [
        StoredEvent(originator_id=UUID(row[0]), originator_version=row[1], topic=row[2], state=row[3])
        for row in rows
    ]


def _postgres_select(recorder: PostgresAggregateRecorder, ids: list[UUID], ids_only: bool) -> list[Any]:
    from psycopg.sql import SQL, Identifier

    columns = "DISTINCT originator_id" if ids_only else "originator_id, originator_version, topic, state"
    order = "" if ids_only else " ORDER BY originator_id, originator_version"
    statement = SQL(
        "SELECT " + columns + " FROM {schema}.{table} WHERE originator_id = ANY(%s)" + order
    ).format(schema=Identifier(recorder.datastore.schema), table=Identifier(recorder.events_table_name))
    with recorder.datastore.get_connection() as conn, conn.cursor() as cursor:
        cursor.execute(statement, [ids])
        rows = cursor.fetchall()
    if ids_only:
        return [row["originator_id"] for row in rows]
    return [
        StoredEvent(
            originator_id=row["originator_id"],
            originator_version=row["originator_version"],
            topic=row["topic"],
            state=bytes(row["state"]),
        )
        for row in rows
    ]
