"""Channel settings in a table beside the event log.

Databases made before sync leases had a table of their own (adapters/persistence/sync_leases.py)
still have the unused ``lease_owner`` and ``lease_until`` columns here; nothing reads them.
"""

from __future__ import annotations

import json
from typing import Any

from adapters.persistence.sql_database import SqlDatabase

DDL = (
    "CREATE TABLE IF NOT EXISTS orderhub_channel_settings (name TEXT PRIMARY KEY, kind TEXT NOT NULL, "
    "settings TEXT NOT NULL)"
)


class SqlChannelSettingsStore:
    def __init__(self, db: SqlDatabase) -> None:
        self._db = db
        with db.transaction() as tx:
            tx.execute(DDL)

    def put(self, name: str, kind: str, settings: dict[str, Any]) -> None:
        with self._db.transaction() as tx:
            tx.execute(
                "INSERT INTO orderhub_channel_settings (name, kind, settings) VALUES (?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, settings = excluded.settings",
                (name, kind, json.dumps(settings)),
            )

    def get(self, name: str) -> tuple[str, dict[str, Any]] | None:
        with self._db.transaction(write=False) as tx:
            rows = tx.query("SELECT kind, settings FROM orderhub_channel_settings WHERE name = ?", (name,))
        return (rows[0][0], json.loads(rows[0][1])) if rows else None

    def names(self) -> list[str]:
        with self._db.transaction(write=False) as tx:
            return [row[0] for row in tx.query("SELECT name FROM orderhub_channel_settings ORDER BY name")]
