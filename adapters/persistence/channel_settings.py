"""Channel settings in a table beside the event log.

Databases made before sync leases had a table of their own (adapters/persistence/sync_leases.py)
still have the unused ``lease_owner`` and ``lease_until`` columns here; nothing reads them.
Secrets are sealed (adapters/persistence/channel_secrets.py).
"""

from __future__ import annotations

import json
from typing import Any

from adapters.persistence.channel_secrets import add_secret_columns, open_settings, seal
from adapters.persistence.sql_database import SqlDatabase
from adapters.secrets.sealing import SecretBox

DDL = (
    "CREATE TABLE IF NOT EXISTS orderhub_channel_settings (name TEXT PRIMARY KEY, kind TEXT NOT NULL, "
    "settings TEXT NOT NULL)"
)


class SqlChannelSettingsStore:
    def __init__(self, db: SqlDatabase, box: SecretBox) -> None:
        self._db, self._box = db, box
        with db.transaction() as tx:
            tx.execute(DDL)
            add_secret_columns(tx)

    def put(self, name: str, kind: str, settings: dict[str, Any], secrets: dict[str, Any]) -> None:
        with self._db.transaction() as tx:
            tx.execute(
                "INSERT INTO orderhub_channel_settings (name, kind, settings, secrets, key_id) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, "
                "settings = excluded.settings, secrets = excluded.secrets, key_id = excluded.key_id",
                (name, kind, json.dumps(settings), seal(self._box, name, secrets), self._box.key.key_id),
            )

    def get(self, name: str) -> tuple[str, dict[str, Any]] | None:
        with self._db.transaction(write=False) as tx:
            rows = tx.query(
                "SELECT kind, settings, secrets FROM orderhub_channel_settings WHERE name = ?", (name,)
            )
        if not rows:
            return None
        kind, settings, sealed = rows[0]
        return kind, open_settings(self._box, name, kind, settings, sealed)

    def names(self) -> list[str]:
        with self._db.transaction(write=False) as tx:
            return [row[0] for row in tx.query("SELECT name FROM orderhub_channel_settings ORDER BY name")]

    def delete(self, name: str) -> None:
        with self._db.transaction() as tx:
            tx.execute("DELETE FROM orderhub_channel_settings WHERE name = ?", (name,))
