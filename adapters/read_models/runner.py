"""Keeps projections up to date with the event log: caught up on demand and in the background.

Each projection has a tracking row (its last applied position) written in the same transaction as
its rows, so a crash never applies an event twice or skips one. A projection that fails on an
event stops at that event and records where and why; it is not skipped silently.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from adapters.persistence.sql_database import SqlDatabase, Tx
from adapters.read_models.projection import Projection
from application.order_book import OrderBook

log = logging.getLogger(__name__)

PAGE = 1000
DDL = (
    "CREATE TABLE IF NOT EXISTS orderhub_projections (name TEXT PRIMARY KEY, position BIGINT NOT NULL, "
    "error TEXT, updated_at TEXT)"
)


class ProjectionStoppedError(RuntimeError):
    pass


class ProjectionRunner:
    def __init__(self, book: OrderBook, db: SqlDatabase, projections: Sequence[Projection]) -> None:
        self.book, self.db, self.projections = book, db, list(projections)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        with db.transaction() as tx:
            tx.execute(DDL)
            for projection in self.projections:
                projection.create(tx)
                tx.execute(
                    "INSERT INTO orderhub_projections (name, position) VALUES (?, 0) ON CONFLICT (name) DO NOTHING",
                    (projection.name,),
                )

    def head(self) -> int:
        return self.book.recorder.max_notification_id() or 0

    def status(self) -> list[dict[str, Any]]:
        head = self.head()
        with self.db.transaction(write=False) as tx:
            rows = {
                r[0]: r
                for r in tx.query("SELECT name, position, error, updated_at FROM orderhub_projections")
            }
        return [
            {
                "name": p.name,
                "position": rows[p.name][1],
                "head": head,
                "lag": max(0, head - rows[p.name][1]),
                "error": rows[p.name][2],
                "updated_at": rows[p.name][3],
            }
            for p in self.projections
            if p.name in rows
        ]

    def catch_up(self) -> None:
        """Apply every event up to the head; raises ProjectionStoppedError if a projection is stopped."""
        with self._lock:
            for projection in self.projections:
                self._catch_up(projection)

    def _catch_up(self, projection: Projection, progress: Callable[[int], None] | None = None) -> None:
        while True:
            with self.db.transaction() as tx:
                position, error = self._tracking(tx, projection.name)
                if error:
                    raise ProjectionStoppedError(f"projection {projection.name} is stopped: {error}")
                batch = self.book.recorder.select_notifications(
                    start=position, limit=PAGE, topics=projection.topics, inclusive_of_start=False
                )
                if not batch:
                    return
                try:
                    for notification in batch:
                        projection.apply(tx, self.book.mapper.to_domain_event(notification), notification.id)
                except Exception:
                    failed = True
                else:
                    failed = False
                    self._advance(tx, projection.name, batch[-1].id)
            if failed:
                self._apply_one_by_one(projection, position, batch)
            if progress is not None:
                progress(batch[-1].id)

    def _apply_one_by_one(self, projection: Projection, position: int, batch: Sequence[Any]) -> None:
        """Find the event the batch failed on, keep what came before it, and stop there."""
        for notification in batch:
            try:
                with self.db.transaction() as tx:
                    event = self.book.mapper.to_domain_event(notification)
                    projection.apply(tx, event, notification.id)
                    self._advance(tx, projection.name, notification.id)
            except Exception as exc:
                reason = (
                    f"failed at position {notification.id} on {notification.topic} of "
                    f"{notification.originator_id} v{notification.originator_version}: "
                    f"{type(exc).__name__}: {exc}"
                )
                log.error("projection %s %s", projection.name, reason)
                with self.db.transaction() as tx:
                    tx.execute(
                        "UPDATE orderhub_projections SET error = ? WHERE name = ?", (reason, projection.name)
                    )
                raise ProjectionStoppedError(f"projection {projection.name} {reason}") from exc

    def _tracking(self, tx: Tx, name: str) -> tuple[int, str | None]:
        lock = " FOR UPDATE" if self.db.is_postgres else ""
        rows = tx.query(f"SELECT position, error FROM orderhub_projections WHERE name = ?{lock}", (name,))
        return int(rows[0][0]), rows[0][1]

    @staticmethod
    def _advance(tx: Tx, name: str, position: int) -> None:
        tx.execute(
            "UPDATE orderhub_projections SET position = ?, updated_at = ? WHERE name = ?",
            (position, datetime.now(UTC).isoformat(), name),
        )

    def rebuild(self, name: str | None = None, progress: Callable[[int], None] | None = None) -> None:
        """Drop the rows of one projection (or all) and apply every event again from the first."""
        chosen = [p for p in self.projections if name is None or p.name == name]
        if not chosen:
            raise KeyError(f"no projection named {name!r}; known: {[p.name for p in self.projections]}")
        with self._lock:
            for projection in chosen:
                with self.db.transaction() as tx:
                    projection.clear(tx)
                    tx.execute(
                        "UPDATE orderhub_projections SET position = 0, error = NULL WHERE name = ?",
                        (projection.name,),
                    )
                self._catch_up(projection, progress)

    # ---- background -----------------------------------------------------------------------

    def start(self, interval: float = 0.2) -> None:
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._follow, args=(interval,), name="projections", daemon=True
        )
        self._thread.start()

    def _follow(self, interval: float) -> None:
        while not self._stop.wait(interval):
            try:
                self.catch_up()
            except ProjectionStoppedError:
                pass  # reported by status(); a rebuild or a fix clears it
            except Exception:
                log.exception("projection runner")

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
