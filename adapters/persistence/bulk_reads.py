"""The stored events of many aggregates in one read, for use cases that look at a page at a time.

A page of 200 channel orders used to cost two queries per order (snapshot, events) and as many for
its buyer's claims; most of them find nothing (a new order, a new buyer). ``load`` answers a whole
page with two queries in one read transaction: which aggregates have a snapshot (those are loaded
the usual way: snapshot plus later events) and every event of the others, oldest first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast
from uuid import UUID

from eventsourcing.persistence import Mapper, StoredEvent
from eventsourcing.postgres import PostgresAggregateRecorder
from eventsourcing.sqlite import SQLiteAggregateRecorder

from adapters.persistence.recorded_content import RecordedChannelContent
from adapters.persistence.sql_database import IN_CHUNK
from domain.channel_content import ContentJson
from ports.stored_events import StoredPage

COLUMNS = "originator_id, originator_version, topic, state"


class SqlStoredEventsReader:
    def __init__(self, events: Any, snapshots: Any | None, mapper: Mapper[Any]) -> None:
        self._events, self._snapshots = events, snapshots
        self._content = RecordedChannelContent(mapper)

    @classmethod
    def for_recorders(
        cls, events: Any, snapshots: Any | None, mapper: Mapper[Any]
    ) -> SqlStoredEventsReader | None:
        """A reader for SQLite or PostgreSQL recorders; None for others (the in-memory store)."""
        kinds = (SQLiteAggregateRecorder, PostgresAggregateRecorder)
        if not isinstance(events, kinds) or (snapshots is not None and not isinstance(snapshots, kinds)):
            return None
        return cls(events, snapshots, mapper)

    def load_with_channel_content(self, ids: Sequence[UUID]) -> tuple[StoredPage, dict[UUID, ContentJson]]:
        page = self.load(ids)
        return page, self._content.of(page[0])

    def load(self, ids: Sequence[UUID]) -> StoredPage:
        """Stored events (by aggregate, in version order) of the aggregates without a snapshot, and
        the ids that have a snapshot. An id in neither is not stored."""
        wanted = list(dict.fromkeys(ids))
        events: dict[UUID, list[StoredEvent]] = {}
        snapshotted: set[UUID] = set()
        read = _sqlite_load if isinstance(self._events, SQLiteAggregateRecorder) else _postgres_load
        for start in range(0, len(wanted), IN_CHUNK):
            found, marked = read(self._events, self._snapshots, wanted[start : start + IN_CHUNK])
            snapshotted.update(marked)
            for event in found:
                events.setdefault(cast(UUID, event.originator_id), []).append(event)
        return events, snapshotted

    def changed_since(self, aggregate_id: UUID, version: int) -> bool:
        """Whether the aggregate has events after ``version`` (one indexed lookup)."""
        recorder = self._events
        if isinstance(recorder, SQLiteAggregateRecorder):
            with recorder.datastore.transaction(commit=False) as cursor:
                cursor.execute(
                    f"SELECT 1 FROM {recorder.events_table_name} WHERE originator_id = ? "
                    "AND originator_version > ? LIMIT 1",
                    [aggregate_id.hex, version],
                )
                return bool(cursor.fetchall())
        from psycopg.sql import SQL, Identifier

        statement = SQL(
            "SELECT 1 FROM {schema}.{table} WHERE originator_id = %s AND originator_version > %s LIMIT 1"
        ).format(schema=Identifier(recorder.datastore.schema), table=Identifier(recorder.events_table_name))
        with recorder.datastore.get_connection() as conn, conn.cursor() as cursor:
            cursor.execute(statement, [aggregate_id, version])
            return bool(cursor.fetchall())


def _sqlite_load(
    events: SQLiteAggregateRecorder, snapshots: Any | None, ids: list[UUID]
) -> tuple[list[StoredEvent], set[UUID]]:
    keys = [i.hex for i in ids]
    marked: set[UUID] = set()
    with events.datastore.transaction(commit=False) as cursor:
        if snapshots is not None:
            cursor.execute(
                f"SELECT DISTINCT originator_id FROM {snapshots.events_table_name} "
                f"WHERE originator_id IN ({', '.join('?' * len(keys))})",
                keys,
            )
            marked = {UUID(row[0]) for row in cursor.fetchall()}
        rest = [k for k, i in zip(keys, ids, strict=True) if i not in marked]
        if not rest:
            return [], marked
        cursor.execute(
            f"SELECT {COLUMNS} FROM {events.events_table_name} "
            f"WHERE originator_id IN ({', '.join('?' * len(rest))}) ORDER BY originator_id, originator_version",
            rest,
        )
        rows = cursor.fetchall()
    found = [
        StoredEvent(originator_id=UUID(row[0]), originator_version=row[1], topic=row[2], state=row[3])
        for row in rows
    ]
    return found, marked


def _postgres_load(
    events: PostgresAggregateRecorder, snapshots: Any | None, ids: list[UUID]
) -> tuple[list[StoredEvent], set[UUID]]:
    from psycopg.sql import SQL, Identifier

    def statement(recorder: PostgresAggregateRecorder, columns: str, order: str) -> Any:
        return SQL(
            "SELECT " + columns + " FROM {schema}.{table} WHERE originator_id = ANY(%s)" + order
        ).format(schema=Identifier(recorder.datastore.schema), table=Identifier(recorder.events_table_name))

    marked: set[UUID] = set()
    with events.datastore.get_connection() as conn, conn.cursor() as cursor:
        if snapshots is not None:
            cursor.execute(statement(snapshots, "DISTINCT originator_id", ""), [ids])
            marked = {row["originator_id"] for row in cursor.fetchall()}
        rest = [i for i in ids if i not in marked]
        if not rest:
            return [], marked
        cursor.execute(statement(events, COLUMNS, " ORDER BY originator_id, originator_version"), [rest])
        rows = cursor.fetchall()
    found = [
        StoredEvent(
            originator_id=row["originator_id"],
            originator_version=row["originator_version"],
            topic=row["topic"],
            state=bytes(row["state"]),
        )
        for row in rows
    ]
    return found, marked
