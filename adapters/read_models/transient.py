"""Which database errors are passing (a lock, a lost connection): retried later, never recorded as a
projection's failure on an event."""

from __future__ import annotations

import sqlite3

from eventsourcing.persistence import OperationalError as StoreOperationalError

from adapters.persistence.postgres_store import ConnectionTimedOutError


def is_transient(exc: BaseException) -> bool:
    if isinstance(exc, ConnectionTimedOutError):  # the event store's pool: PostgreSQL is away
        return True
    if isinstance(exc, sqlite3.OperationalError | StoreOperationalError):
        message = str(exc).lower()
        return "locked" in message or "busy" in message
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return False
    # OperationalError covers lock and statement timeouts, deadlocks, serialization failures and lost
    # connections; a missing table or column is a ProgrammingError and stops the projection.
    return isinstance(exc, psycopg.OperationalError)
