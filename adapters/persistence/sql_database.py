"""Plain SQL access to the tables orderhub keeps beside the event log.

Read models, order numbers, API key hashes and channel settings live in the same database as the
events (SQLite file or PostgreSQL); with ``memory://`` they live in an in-memory SQLite database.
SQL is written with ``?`` placeholders and translated for PostgreSQL (``%s``, with a literal ``%``
doubled), in the dialect both understand: ``ON CONFLICT``, ``RETURNING``, ``CAST(... AS NUMERIC)``.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from adapters.persistence.database_url import DatabaseUrl


@lru_cache(maxsize=1024)
def to_pyformat(sql: str) -> str:
    """``?`` placeholders to psycopg's ``%s``; ``%`` doubled; a ``?`` inside a quoted literal kept."""
    out, quoted = [], False
    for char in sql:
        if char == "'":
            quoted = not quoted
        if char == "%":
            out.append("%%")
        elif char == "?" and not quoted:
            out.append("%s")
        else:
            out.append(char)
    return "".join(out)


IN_CHUNK = 500
"""Ids per ``IN (...)`` list: well below SQLite's bound-variable limit."""


class Tx:
    """One open transaction."""

    def __init__(self, cursor: Any, postgres: bool) -> None:
        self._cursor, self._postgres = cursor, postgres

    @property
    def is_postgres(self) -> bool:
        return self._postgres

    def _sql(self, sql: str) -> str:
        return to_pyformat(sql) if self._postgres else sql

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        self._cursor.execute(self._sql(sql), tuple(params))
        return int(self._cursor.rowcount or 0)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> int:
        """The rows changed, all statements together."""
        if not rows:
            return 0
        self._cursor.executemany(self._sql(sql), [tuple(r) for r in rows])
        return int(self._cursor.rowcount or 0)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        self._cursor.execute(self._sql(sql), tuple(params))
        return list(self._cursor.fetchall())

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        rows = self.query(sql, params)
        return rows[0][0] if rows else None


class SqlDatabase:
    def __init__(self, url: DatabaseUrl) -> None:
        self.url = url
        self.dialect = "postgres" if url.scheme == "postgresql" else "sqlite"
        self._local = threading.local()
        self._memory_lock = threading.RLock()
        self._memory: sqlite3.Connection | None = None
        self._pool: Any = None
        if url.scheme == "memory":
            self._memory = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
            self._memory.execute("PRAGMA secure_delete = ON")
        elif url.scheme == "postgresql":
            from psycopg_pool import ConnectionPool

            # Short transactions on small tables: a smaller pool than the event store's (see README).
            # Checked on checkout, so a restarted server costs a reconnect, not a failed request.
            # Not opened with wait: a server that starts while PostgreSQL is away fails its first
            # requests after ``pool_timeout`` (503) and works once the database is back.
            self._pool = ConnectionPool(
                url.conninfo(),
                min_size=1,
                max_size=url.pool_size,
                open=True,
                timeout=url.pool_timeout,
                name="orderhub-sql",
                check=ConnectionPool.check_connection,
            )

    @property
    def is_postgres(self) -> bool:
        return self.dialect == "postgres"

    def swap_sqlite_pragma(self, name: str, value: int | str) -> str | None:
        """Set a PRAGMA on this thread's SQLite file connection, outside any transaction (some, like
        ``synchronous``, cannot change inside one); returns the old value, or None when not SQLite."""
        if self.url.scheme != "sqlite":
            return None
        conn = self._sqlite_connection()
        previous = str(conn.execute(f"PRAGMA {name}").fetchone()[0])
        conn.execute(f"PRAGMA {name} = {value}")
        return previous

    def scrub_sqlite(self) -> bool:
        """SQLite keeps replaced rows in free pages and in the WAL: rewrite the file without them and
        empty the WAL, so that values replaced before are gone from the bytes. False when another
        connection kept the WAL from being emptied; nothing to do (True) when not an SQLite file."""
        if self.url.scheme != "sqlite":
            return True
        conn = self._sqlite_connection()
        conn.execute("VACUUM")
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        return not busy

    def checkpoint_sqlite(self) -> bool:
        """Copy the WAL into the file and truncate it: after rows were deleted (``secure_delete``
        zeroes them in the file's pages), their old page images leave the WAL too. Cheap, unlike
        ``scrub_sqlite``'s VACUUM. False when a reader kept the WAL from being emptied; True (nothing to
        do) when not an SQLite file."""
        if self.url.scheme != "sqlite":
            return True
        busy = self._sqlite_connection().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        return not busy

    def _sqlite_connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            assert self.url.path is not None
            conn = sqlite3.connect(
                self.url.path, timeout=self.url.lock_timeout, isolation_level=None, check_same_thread=False
            )
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA secure_delete = ON")  # deleted rows (destroyed keys) are overwritten
            conn.execute(f"PRAGMA synchronous={'FULL' if self.url.synchronous == 'full' else 'NORMAL'}")
            self._local.conn = conn
        return conn

    @contextmanager
    def transaction(self, write: bool = True) -> Iterator[Tx]:
        """On SQLite, one opened inside another of the same thread joins it (one connection per
        thread: e.g. personal keys looked up while a projection applies events in a transaction)."""
        if self._pool is not None:
            with self._pool.connection() as conn, conn.transaction(), conn.cursor() as cur:
                yield Tx(cur, postgres=True)
            return
        if self._memory is not None:
            with self._memory_lock:
                yield from self._sqlite_tx(self._memory, write)
            return
        yield from self._sqlite_tx(self._sqlite_connection(), write)

    @staticmethod
    def _sqlite_tx(conn: sqlite3.Connection, write: bool) -> Iterator[Tx]:
        cur = conn.cursor()
        if conn.in_transaction:
            try:
                yield Tx(cur, postgres=False)
            finally:
                cur.close()
            return
        cur.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        try:
            yield Tx(cur, postgres=False)
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        else:
            cur.execute("COMMIT")
        finally:
            cur.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
        if self._memory is not None:
            self._memory.close()
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
