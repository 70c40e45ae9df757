"""Serialises table creation when several processes start at once on one PostgreSQL database.

PostgreSQL's ``CREATE TABLE/TYPE IF NOT EXISTS`` is not safe against a concurrent twin: two
processes creating the event store at the same moment make one of them fail with a unique
violation on ``pg_type``. Whoever starts first creates the schema; the others wait, then find it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from adapters.persistence.database_url import DatabaseUrl

SCHEMA_LOCK_KEY = 0x6F72646572687562  # "orderhub": one advisory lock key for the whole schema


@contextmanager
def schema_lock(url: DatabaseUrl, timeout_seconds: float = 120.0) -> Iterator[None]:
    """Hold a session advisory lock while the body creates tables (a no-op outside PostgreSQL)."""
    if url.scheme != "postgresql":
        yield
        return
    import psycopg

    with psycopg.connect(url.conninfo(), autocommit=True, connect_timeout=30) as conn:
        conn.execute(f"SET lock_timeout = '{int(timeout_seconds * 1000)}ms'")
        conn.execute("SELECT pg_advisory_lock(%s)", (SCHEMA_LOCK_KEY,))
        try:
            yield
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (SCHEMA_LOCK_KEY,))
