"""Sync leases (ports/leases.py) in a table of their own beside the event log.

Expiry times are stored as UTC ISO-8601 text of one fixed width, so that comparing the text
compares the moments on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from adapters.persistence.sql_database import SqlDatabase

DDL = "CREATE TABLE IF NOT EXISTS orderhub_sync_leases (name TEXT PRIMARY KEY, owner TEXT NOT NULL, until TEXT NOT NULL)"


def _moment(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")


class SqlSyncLeases:
    def __init__(self, db: SqlDatabase) -> None:
        self._db = db
        with db.transaction() as tx:
            tx.execute(DDL)

    def try_lease(self, name: str, owner: str, now: datetime, seconds: float) -> bool:
        until = _moment(now + timedelta(seconds=seconds))
        with self._db.transaction() as tx:
            changed = tx.execute(
                "INSERT INTO orderhub_sync_leases (name, owner, until) VALUES (?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until "
                "WHERE orderhub_sync_leases.owner = excluded.owner OR orderhub_sync_leases.until < ?",
                (name, owner, until, _moment(now)),
            )
        return changed == 1

    def release(self, name: str, owner: str) -> None:
        with self._db.transaction() as tx:
            tx.execute("DELETE FROM orderhub_sync_leases WHERE name = ? AND owner = ?", (name, owner))
