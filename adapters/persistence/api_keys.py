"""API key hashes in the database (the keys themselves are never stored)."""

from __future__ import annotations

from datetime import UTC, datetime

from adapters.persistence.sql_database import SqlDatabase

DDL = (
    "CREATE TABLE IF NOT EXISTS orderhub_api_keys "
    "(key_hash TEXT PRIMARY KEY, label TEXT NOT NULL, created_at TEXT NOT NULL)"
)


class SqlApiKeyStore:
    def __init__(self, db: SqlDatabase) -> None:
        self._db = db
        with db.transaction() as tx:
            tx.execute(DDL)

    def has_any(self) -> bool:
        with self._db.transaction(write=False) as tx:
            return tx.scalar("SELECT COUNT(*) FROM orderhub_api_keys") > 0

    def add_hash(self, key_hash: str, label: str) -> None:
        with self._db.transaction() as tx:
            tx.execute(
                "INSERT INTO orderhub_api_keys (key_hash, label, created_at) VALUES (?, ?, ?) "
                "ON CONFLICT (key_hash) DO NOTHING",
                (key_hash, label, datetime.now(UTC).isoformat()),
            )

    def contains_hash(self, key_hash: str) -> bool:
        with self._db.transaction(write=False) as tx:
            return tx.scalar("SELECT 1 FROM orderhub_api_keys WHERE key_hash = ?", (key_hash,)) is not None
