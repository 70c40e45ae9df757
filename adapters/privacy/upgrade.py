"""Seal the personal data of events and snapshots stored before it was sealed, in place.

Rewriting stored events is the one exception to the append-only log, and the only way to make data
stored in clear erasable: each event is decoded and stored again in the sealed form, the same content
(it reads back equal), under the same id and version. Whose data it is comes from the aggregate's
creation event (``data_subject`` of what it creates), which never changes.

The events to upgrade are those stored before the first start of the sealing code: their last
position is recorded then (``orderhub_sealing``), and the position reached after each page, so an
interrupted upgrade resumes where it stopped. Events already sealed are left as they are, so running
it again (or over a copied store, ``orderhub migrate-store``) changes nothing twice. Snapshots are
rewritten after the events. Then the SQLite file is vacuumed and its WAL emptied, so the clear text
is gone from its bytes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.persistence import ApplicationRecorder, Mapper, StoredEvent
from eventsourcing.postgres import PostgresAggregateRecorder
from eventsourcing.sqlite import SQLiteAggregateRecorder

from adapters.persistence.sql_database import SqlDatabase
from adapters.privacy.sealing import SEALED_MARK, is_snapshot_topic, plan_of_snapshot, plan_of_topic
from domain.privacy import DataSubject
from ports.personal_keys import SAVING, SavedSubjects

log = logging.getLogger(__name__)

PAGE = 500
TABLE = "orderhub_sealing"
DDL = f"CREATE TABLE IF NOT EXISTS {TABLE} (name TEXT PRIMARY KEY, position BIGINT NOT NULL, until BIGINT NOT NULL)"
EVENTS, SNAPSHOTS = "events", "snapshots"

Progress = Callable[[int, int], None]
"""(position reached, last position to upgrade)."""


class ClearEventSealer:
    def __init__(
        self,
        db: SqlDatabase,
        mapper: Mapper[Any],
        events: ApplicationRecorder,
        snapshots: Any | None,
    ) -> None:
        self._db, self._mapper, self._events, self._snapshots = db, mapper, events, snapshots
        self._subjects: dict[UUID, DataSubject | None] = {}

    def pending(self) -> tuple[int, int] | None:
        """(position reached, last position to upgrade) when the upgrade has work left; records the
        last position at the first call (the store's head: later events are sealed when stored)."""
        with self._db.transaction() as tx:
            tx.execute(DDL)
            row = tx.query(f"SELECT position, until FROM {TABLE} WHERE name = ?", [EVENTS])
            if not row:
                until = self._events.max_notification_id() or 0
                tx.execute(f"INSERT INTO {TABLE} (name, position, until) VALUES (?, 0, ?)", [EVENTS, until])
                tx.execute(f"INSERT INTO {TABLE} (name, position, until) VALUES (?, 0, 1)", [SNAPSHOTS])
                row = [(0, until)]
                if until == 0:
                    tx.execute(f"UPDATE {TABLE} SET position = 1 WHERE name = ?", [SNAPSHOTS])
            snapshots_done = tx.scalar(f"SELECT position FROM {TABLE} WHERE name = ?", [SNAPSHOTS])
        position, until = int(row[0][0]), int(row[0][1])
        return (position, until) if position < until or not snapshots_done else None

    def run(self, progress: Progress | None = None, everything: bool = False) -> int:
        """Seal what is pending (``everything``: every stored event, e.g. of a copied store); returns
        how many events and snapshots were rewritten."""
        if everything:
            self.pending()
            head = self._events.max_notification_id() or 0
            with self._db.transaction() as tx:
                tx.execute(f"UPDATE {TABLE} SET position = 0, until = ? WHERE name = ?", [head, EVENTS])
                tx.execute(f"UPDATE {TABLE} SET position = 0 WHERE name = ?", [SNAPSHOTS])
        state = self.pending()
        if state is None:
            return 0
        position, until = state
        rewritten = 0
        while position < until:
            batch = self._events.select_notifications(
                start=position, limit=PAGE, stop=until, inclusive_of_start=False
            )
            if not batch:
                break
            rewritten += self._rewrite(self._events, batch)
            position = batch[-1].id
            with self._db.transaction() as tx:
                tx.execute(f"UPDATE {TABLE} SET position = ? WHERE name = ?", [position, EVENTS])
            if progress is not None:
                progress(position, until)
        with self._db.transaction() as tx:
            tx.execute(f"UPDATE {TABLE} SET position = ? WHERE name = ?", [until, EVENTS])
        rewritten += self._rewrite_snapshots()
        with self._db.transaction() as tx:
            tx.execute(f"UPDATE {TABLE} SET position = 1 WHERE name = ?", [SNAPSHOTS])
        if rewritten:
            self._db.scrub_sqlite()
            log.info("sealed the personal data of %d stored events and snapshots", rewritten)
        return rewritten

    def _rewrite_snapshots(self) -> int:
        if self._snapshots is None:
            return 0
        ids = sorted({UUID(str(i)) for i in _originator_ids(self._snapshots)})
        rewritten = 0
        for start in range(0, len(ids), PAGE):
            stored = [s for i in ids[start : start + PAGE] for s in self._snapshots.select_events(i)]
            rewritten += self._rewrite(self._snapshots, stored)
        return rewritten

    def _rewrite(self, recorder: Any, stored: Sequence[StoredEvent]) -> int:
        clear = [s for s in stored if self._is_clear(s)]
        if not clear:
            return 0
        events = [self._mapper.to_domain_event(s) for s in clear]
        subjects = {e.originator_id: s for e in events if (s := self._subject_of(e)) is not None}
        token = SAVING.set(SavedSubjects(subjects))
        try:
            sealed = [self._mapper.to_stored_event(e) for e in events]
        finally:
            SAVING.reset(token)
        _update(recorder, sealed)
        return len(sealed)

    @staticmethod
    def _is_clear(stored: StoredEvent) -> bool:
        """Whether it holds personal data in clear. ``,"_sealed":`` can only be a key of the JSON (in
        a string its quotes are escaped)."""
        if SEALED_MARK in stored.state:
            return False
        if is_snapshot_topic(stored.topic):
            return plan_of_snapshot(str(orjson.loads(stored.state).get("topic", ""))) is not None
        return plan_of_topic(stored.topic) is not None

    def _subject_of(self, event: Any) -> DataSubject | None:
        if hasattr(event, "topic") and hasattr(event, "state"):  # a snapshot: the aggregate it holds
            return event.mutate(None).data_subject()  # type: ignore[no-any-return]
        originator_id = event.originator_id
        if originator_id not in self._subjects:
            [first] = self._events.select_events(originator_id, lte=1)
            created: Any = self._mapper.to_domain_event(first)
            self._subjects[originator_id] = created.mutate(None).data_subject()
        return self._subjects[originator_id]


def _originator_ids(recorder: Any) -> list[Any]:
    if isinstance(recorder, SQLiteAggregateRecorder):
        with recorder.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT DISTINCT originator_id FROM {recorder.events_table_name}")
            return [row[0] for row in cursor.fetchall()]
    if isinstance(recorder, PostgresAggregateRecorder):
        from psycopg.sql import SQL, Identifier

        statement = SQL("SELECT DISTINCT originator_id FROM {schema}.{table}").format(
            schema=Identifier(recorder.datastore.schema), table=Identifier(recorder.events_table_name)
        )
        with recorder.datastore.get_connection() as conn, conn.cursor() as cursor:
            cursor.execute(statement)
            return [row["originator_id"] for row in cursor.fetchall()]
    return []  # the in-memory store: nothing outlives the process, so nothing was stored before


def _update(recorder: Any, sealed: Sequence[StoredEvent]) -> None:
    rows = [(s.state, s.originator_id, s.originator_version) for s in sealed]
    if isinstance(recorder, SQLiteAggregateRecorder):
        with recorder.datastore.transaction(commit=True) as cursor:
            cursor.executemany(
                f"UPDATE {recorder.events_table_name} SET state = ? "
                "WHERE originator_id = ? AND originator_version = ?",
                [(state, UUID(str(i)).hex, v) for state, i, v in rows],
            )
        return
    if isinstance(recorder, PostgresAggregateRecorder):
        from psycopg.sql import SQL, Identifier

        statement = SQL(
            "UPDATE {schema}.{table} SET state = %s WHERE originator_id = %s AND originator_version = %s"
        ).format(schema=Identifier(recorder.datastore.schema), table=Identifier(recorder.events_table_name))
        with recorder.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as cursor:
            cursor.executemany(statement, rows)
        return
    raise TypeError(f"cannot rewrite events stored in {type(recorder).__name__}")
