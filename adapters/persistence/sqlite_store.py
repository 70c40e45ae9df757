"""The event store on SQLite: the library's SQLite module, with orderhub's connection settings.

``PRAGMA synchronous=NORMAL`` (the default here; ``SQLITE_SYNCHRONOUS=FULL`` to change it): in WAL
mode a commit then writes the log without waiting for the disk, which is what makes single saves
(an API request, a status change) fast: a committed transaction survives a crash of orderhub,
but the last ones before a power cut or an operating-system crash may be lost (the file stays
consistent). The SQL tables beside it (read models, numbers) already run that way. For
``FULL`` (wait for the disk at every commit), use ``sqlite:///path.db?synchronous=full``.

Its connections also keep compiled statements (see ``TunedConnectionPool``).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from eventsourcing.persistence import InterfaceError
from eventsourcing.sqlite import (
    SQLITE3_DEFAULT_LOCK_TIMEOUT,
    SQLiteConnection,
    SQLiteConnectionPool,
    SQLiteFactory,
)

SYNCHRONOUS = "SQLITE_SYNCHRONOUS"
CHOICES = ("OFF", "NORMAL", "FULL", "EXTRA")
STATEMENT_CACHE = 128
POOL_SIZE = "SQLITE_POOL_SIZE"
DEFAULT_POOL_SIZE = 16
"""Connections kept open: as many as the API serves requests at once (entrypoints/http/app.py). The
library keeps five and opens and closes the others for every use under load."""


class TunedConnectionPool(SQLiteConnectionPool):
    def __init__(self, *, synchronous: str, **options: Any) -> None:
        self.synchronous = synchronous
        super().__init__(**options)

    def _create_connection(self) -> SQLiteConnection:
        """The library's connection, but with a statement cache: it passes ``cached_statements=True``,
        which sqlite3 takes for a cache of ONE statement, so every read compiled its SQL again."""
        try:
            conn = sqlite3.connect(
                database=self.db_name,
                uri=True,
                check_same_thread=False,
                isolation_level=None,  # autocommit: the library issues BEGIN itself
                cached_statements=STATEMENT_CACHE,
                timeout=self.lock_timeout or SQLITE3_DEFAULT_LOCK_TIMEOUT,
            )
        except (sqlite3.Error, TypeError) as exc:
            raise InterfaceError(exc) from exc
        if not self.is_sqlite_memory_mode and not self.is_journal_mode_wal:
            if conn.execute("PRAGMA journal_mode;").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode=WAL;")
                self.journal_mode_was_changed_to_wal = True
            self.is_journal_mode_wal = True
        conn.execute(f"PRAGMA synchronous={self.synchronous}")
        conn.execute("PRAGMA secure_delete = ON")  # what is deleted or rewritten is overwritten in the file
        conn.row_factory = sqlite3.Row
        return SQLiteConnection(sqlite_conn=conn, max_age=self.max_age)


class Factory(SQLiteFactory):
    """Selected with ``PERSISTENCE_MODULE=adapters.persistence.sqlite_store:Factory``."""

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        synchronous = (self.env.get(SYNCHRONOUS) or "NORMAL").strip().upper()
        if synchronous not in CHOICES:
            raise OSError(f"{SYNCHRONOUS}={synchronous!r}: choose one of {', '.join(CHOICES)}")
        pool_size = int(self.env.get(POOL_SIZE) or DEFAULT_POOL_SIZE)
        library_pool = self.datastore.pool
        self.datastore.pool = TunedConnectionPool(
            synchronous=synchronous,
            db_name=library_pool.db_name,
            lock_timeout=library_pool.lock_timeout,
            pool_size=pool_size,
        )
        library_pool.close()
