"""Wakes a waiting thread when new events are stored, so projections follow within milliseconds.

On PostgreSQL the event store sends ``NOTIFY <events table>`` in every write transaction (the
eventsourcing library does that); a dedicated connection LISTENs for it. Elsewhere (SQLite, memory)
there is nothing to listen to and the wait is a plain poll interval.
"""

from __future__ import annotations

import logging
import threading

from adapters.persistence.database_url import DatabaseUrl

log = logging.getLogger(__name__)


class EventWakeup:
    """``wait(timeout)`` returns early when another process (or this one) stored events."""

    def __init__(self, url: DatabaseUrl, channel: str) -> None:
        self._url, self._channel = url, channel
        self._notified = threading.Event()
        self._closed = threading.Event()
        self._thread: threading.Thread | None = None
        if url.scheme == "postgresql":
            self._thread = threading.Thread(target=self._listen, name="event-notifications", daemon=True)
            self._thread.start()

    @property
    def listens(self) -> bool:
        return self._thread is not None

    def wait(self, timeout: float) -> bool:
        """Block until notified, closed, or ``timeout`` seconds passed; True when notified."""
        if not self.listens:
            self._closed.wait(timeout)
            return False
        notified = self._notified.wait(timeout)
        self._notified.clear()  # before the caller reads: a notification after this wakes the next wait
        return notified

    def close(self) -> None:
        self._closed.set()
        self._notified.set()  # releases a waiter at once
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _listen(self) -> None:
        import psycopg
        from psycopg import sql

        backoff = 0.5
        while not self._closed.is_set():
            try:
                with psycopg.connect(self._url.conninfo(), autocommit=True, connect_timeout=10) as conn:
                    conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self._channel)))
                    self._notified.set()  # events may have arrived while (re)connecting
                    backoff = 0.5
                    while not self._closed.is_set():
                        for _ in conn.notifies(timeout=0.5, stop_after=1):
                            self._notified.set()
            except psycopg.Error as exc:
                log.warning("listening for new events failed (%s); retrying in %.1fs", exc, backoff)
                self._notified.set()  # the follower falls back to polling meanwhile
                self._closed.wait(backoff)
                backoff = min(backoff * 2, 10.0)
