"""Keeps projections up to date with the event log: caught up on demand and in the background.

Each projection has a tracking row (the position up to which it has seen the log) written in the
same transaction as its rows, so a crash never applies an event twice or skips one. A projection
that fails on an event stops at that event and records where and why; it is not skipped silently.
Several processes may follow the same projections: they take turns on the tracking row.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.application import Application

from adapters.persistence.sql_database import SqlDatabase
from adapters.read_models import tracking
from adapters.read_models.event_pages import EventPages, Row
from adapters.read_models.event_records import EventDecoder
from adapters.read_models.projection import Projection
from adapters.read_models.sql_schema import drop_table
from adapters.read_models.transient import is_transient
from ports.read_models import ProjectionStoppedError, RebuildRunningError

log = logging.getLogger(__name__)

PAGE = 1000
BUILD_FROM_SCRATCH = 50_000
"""From position 0 with more events than this to read, a projection is built in bulk (rebuild.py)."""
Progress = Callable[[int], None]


class ProjectionRunner:
    def __init__(self, book: Application[UUID], db: SqlDatabase, projections: Sequence[Projection]) -> None:
        self.book, self.db, self.projections = book, db, list(projections)
        self.events, self.decoder = EventPages(book, db), EventDecoder(book.mapper)
        self._locks = {p.name: threading.Lock() for p in self.projections}
        self.create_tables()

    def create_tables(self) -> None:
        """The tracking table and every projection's tables, where missing (also after the
        database was recreated empty under a running process)."""
        with self.db.transaction() as tx:
            tracking.create(tx)
            for projection in self.projections:
                schema = tracking.schema_hash(projection.schema())
                tracking.ensure(tx, projection.name, schema)
                if tracking.lock(tx, projection.name).schema_hash != schema:
                    # tables of another orderhub version: start them again from the first event
                    for table in projection.tables:
                        drop_table(tx, table)
                    tracking.reset(tx, projection.name, 0, schema)
                projection.create(tx)

    def named(self, name: str) -> Projection:
        for projection in self.projections:
            if projection.name == name:
                return projection
        raise KeyError(f"no projection named {name!r}; known: {[p.name for p in self.projections]}")

    def names(self) -> list[str]:
        return [p.name for p in self.projections]

    def head(self) -> int:
        return self.events.head()

    def status(self) -> list[dict[str, Any]]:
        head = self.head()
        with self.db.transaction(write=False) as tx:
            rows = tracking.read_all(tx)
        return [
            {
                "name": p.name,
                "position": rows[p.name].position,
                "head": head,
                "lag": max(0, head - rows[p.name].position),
                "error": rows[p.name].error,
                "updated_at": rows[p.name].updated_at,
                "rebuilding_since": rows[p.name].rebuild_seen if rows[p.name].rebuild_token else None,
            }
            for p in self.projections
            if p.name in rows
        ]

    # ---- following the log ----------------------------------------------------------------

    def catch_up(self, *names: str) -> None:
        """Apply every event up to the head to the named projections (all when none are named).

        Raises ProjectionStoppedError, after the others are caught up, if one of them is stopped.
        """
        chosen = [self.named(n) for n in names] if names else self.projections
        head, stopped = self.head(), []
        for projection in chosen:
            try:
                self._catch_up(projection, head)
            except ProjectionStoppedError as exc:
                stopped.append(exc)
        if stopped:
            raise stopped[0]

    def _catch_up(self, projection: Projection, head: int) -> None:
        name = projection.name
        with self._locks[name]:
            while True:
                with self.db.transaction(write=False) as tx:
                    seen = tracking.read(tx, name)
                if seen.error:
                    raise ProjectionStoppedError(f"projection {name} is stopped: {seen.error}")
                if seen.position >= head:
                    return
                if seen.position == 0 and head > BUILD_FROM_SCRATCH and self._build(projection):
                    continue
                batch = self.events.page(seen.position, head, PAGE, projection.topics)
                reached = batch[-1][0] if len(batch) == PAGE else head
                try:
                    events = self.decoder.decode_all(
                        batch, personal=getattr(projection, "reads_personal_data", True)
                    )
                    with self.db.transaction() as tx:
                        locked = tracking.lock(tx, name)
                        if locked.position == seen.position and not locked.error:
                            projection.apply(tx, events)
                            tracking.advance(tx, name, reached)
                except Exception as exc:
                    if is_transient(exc):
                        raise
                    self._stop_at_failure(projection, batch)

    def _build(self, projection: Projection) -> bool:
        """A new (or emptied) projection with a long log to read is built as a rebuild is: much faster
        than following page by page. False when that did not happen (another process is building it,
        or an event fails)."""
        from adapters.read_models.rebuild import BlueGreenRebuild

        log.info("projection %s starts from the first event: building it in bulk", projection.name)
        try:
            BlueGreenRebuild(self, projection).run()
        except (RebuildRunningError, ProjectionStoppedError):
            return False  # following page by page then records a failing event as usual
        return True

    def _stop_at_failure(self, projection: Projection, batch: Sequence[Row]) -> None:
        """Apply the page event by event: keep what precedes the failing event, and stop at it."""
        name = projection.name
        for row in batch:
            try:
                event = self.decoder.decode(row)
                with self.db.transaction() as tx:
                    locked = tracking.lock(tx, name)
                    if locked.error or locked.position >= row[0]:
                        continue  # another process got here first
                    projection.apply(tx, [event])
                    tracking.advance(tx, name, row[0])
            except Exception as exc:
                if is_transient(exc):
                    raise
                reason = failure_reason(row, exc)
                log.error("projection %s %s", name, reason)
                with self.db.transaction() as tx:
                    tracking.record_error(tx, name, reason)
                raise ProjectionStoppedError(f"projection {name} {reason}") from exc

    # ---- rebuilding -----------------------------------------------------------------------

    def rebuild(self, name: str | None = None, progress: Progress | None = None) -> None:
        """Build one projection (or all) again from the first event, then swap it in.

        The live tables keep serving and following the log meanwhile (see rebuild.py).
        """
        from adapters.read_models.rebuild import BlueGreenRebuild

        chosen = [self.named(name)] if name is not None else self.projections
        for projection in chosen:
            BlueGreenRebuild(self, projection).run(progress)


def failure_reason(row: Row, exc: BaseException) -> str:
    position, originator_id, version, topic, _ = row
    return (
        f"failed at position {position} on {topic} of {originator_id} v{version}: {type(exc).__name__}: {exc}"
    )
