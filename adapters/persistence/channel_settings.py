"""Channel settings and sync leases in a table beside the event log.

The lease makes one sync per channel at a time across processes; correctness never rests on it
alone (imports collide on deterministic ids).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from adapters.persistence.sql_database import SqlDatabase

DDL = (
    "CREATE TABLE IF NOT EXISTS orderhub_channel_settings (name TEXT PRIMARY KEY, kind TEXT NOT NULL, "
    "settings TEXT NOT NULL, lease_owner TEXT, lease_until TEXT)"
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

    def try_lease(self, name: str, owner: str, now: datetime, seconds: float) -> bool:
        until = datetime.fromtimestamp(now.timestamp() + seconds, tz=now.tzinfo).isoformat()
        with self._db.transaction() as tx:
            changed = tx.execute(
                "UPDATE orderhub_channel_settings SET lease_owner = ?, lease_until = ? WHERE name = ? "
                "AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < ?)",
                (owner, until, name, owner, now.isoformat()),
            )
        return changed == 1

    def release(self, name: str, owner: str) -> None:
        with self._db.transaction() as tx:
            tx.execute(
                "UPDATE orderhub_channel_settings SET lease_owner = NULL, lease_until = NULL "
                "WHERE name = ? AND lease_owner = ?",
                (name, owner),
            )
