"""The event store on SQLite: the library's SQLite module, with orderhub's connection settings.

``PRAGMA synchronous=NORMAL`` (the default here; ``SQLITE_SYNCHRONOUS=FULL`` to change it): in WAL
mode a commit then writes the log without waiting for the disk, which is what makes single saves
(an API request, a status change) fast: a committed transaction survives a crash of orderhub,
but the last ones before a power cut or an operating-system crash may be lost (the file stays
consistent). The SQL tables beside it (read models, numbers) already run that way. For
``FULL`` (wait for the disk at every commit), use ``sqlite:///path.db?synchronous=full``.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.sqlite import SQLiteConnection, SQLiteConnectionPool, SQLiteFactory

SYNCHRONOUS = "SQLITE_SYNCHRONOUS"
CHOICES = ("OFF", "NORMAL", "FULL", "EXTRA")


class TunedConnectionPool(SQLiteConnectionPool):
    def __init__(self, *, synchronous: str, **options: Any) -> None:
        self.synchronous = synchronous
        super().__init__(**options)

    def _create_connection(self) -> SQLiteConnection:
        connection = super()._create_connection()
        connection._sqlite_conn.execute(f"PRAGMA synchronous={self.synchronous}")
        return connection


class Factory(SQLiteFactory):
    """Selected with ``PERSISTENCE_MODULE=adapters.persistence.sqlite_store:Factory``."""

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        synchronous = (self.env.get(SYNCHRONOUS) or "NORMAL").strip().upper()
        if synchronous not in CHOICES:
            raise OSError(f"{SYNCHRONOUS}={synchronous!r}: choose one of {', '.join(CHOICES)}")
        library_pool = self.datastore.pool
        self.datastore.pool = TunedConnectionPool(
            synchronous=synchronous, db_name=library_pool.db_name, lock_timeout=library_pool.lock_timeout
        )
        library_pool.close()
