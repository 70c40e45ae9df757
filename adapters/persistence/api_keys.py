"""API key hashes in the database (the keys themselves are never stored), with names and scopes.

Every request with a stored key looks its hash up here (the primary key: one index probe), so a
key deleted by any process is refused by every process from the next request on, with no cache to
invalidate.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from adapters.persistence.sql_database import SqlDatabase, Tx
from domain.access import Scope
from ports.api_keys import StoredApiKey

DDL = (
    "CREATE TABLE IF NOT EXISTS orderhub_api_keys "
    "(key_hash TEXT PRIMARY KEY, label TEXT NOT NULL, created_at TEXT NOT NULL)"
)
ADDED_COLUMNS = {
    "id": "TEXT",
    # Keys stored before scopes existed could do everything: they stay admin keys.
    "scopes": "TEXT NOT NULL DEFAULT 'admin'",
    "last_used_at": "TEXT",
}
COLUMNS = "id, label, scopes, created_at, last_used_at"


def _columns(tx: Tx) -> set[str]:
    if tx.is_postgres:
        sql = (
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'orderhub_api_keys' AND table_schema = current_schema()"
        )
    else:
        sql = "SELECT name FROM pragma_table_info('orderhub_api_keys')"
    return {str(row[0]) for row in tx.query(sql)}


def _migrate(tx: Tx) -> None:
    """Tables made before keys had ids and scopes get the columns; their keys get ids."""
    present = _columns(tx)
    for name, declaration in ADDED_COLUMNS.items():
        if name not in present:
            tx.execute(f"ALTER TABLE orderhub_api_keys ADD COLUMN {name} {declaration}")
    for (key_hash,) in tx.query("SELECT key_hash FROM orderhub_api_keys WHERE id IS NULL"):
        tx.execute("UPDATE orderhub_api_keys SET id = ? WHERE key_hash = ?", (_new_id(), key_hash))
    tx.execute("CREATE UNIQUE INDEX IF NOT EXISTS orderhub_api_keys_id ON orderhub_api_keys (id)")


def _new_id() -> str:
    return uuid4().hex[:16]


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _record(row: tuple[Any, ...]) -> StoredApiKey:
    key_id, label, scopes, created_at, last_used_at = row
    return StoredApiKey(
        id=key_id,
        name=label,
        scopes=tuple(Scope(s) for s in str(scopes).split()),
        created_at=datetime.fromisoformat(created_at),
        last_used_at=_time(last_used_at),
    )


class SqlApiKeyStore:
    def __init__(self, db: SqlDatabase) -> None:
        self._db = db
        with db.transaction() as tx:
            tx.execute(DDL)
            _migrate(tx)

    def has_any(self) -> bool:
        with self._db.transaction(write=False) as tx:
            return tx.scalar("SELECT COUNT(*) FROM orderhub_api_keys") > 0

    def add_hash(
        self,
        key_hash: str,
        label: str,
        scopes: tuple[Scope, ...] = (Scope.ADMIN,),
        created_at: datetime | None = None,
    ) -> str:
        key_id = _new_id()
        when = (created_at or datetime.now(UTC)).isoformat()
        with self._db.transaction() as tx:
            tx.execute(
                "INSERT INTO orderhub_api_keys (key_hash, id, label, scopes, created_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (key_hash) DO NOTHING",
                (key_hash, key_id, label, " ".join(scopes), when),
            )
        return key_id

    def contains_hash(self, key_hash: str) -> bool:
        return self.find_hash(key_hash) is not None

    def find_hash(self, key_hash: str) -> StoredApiKey | None:
        with self._db.transaction(write=False) as tx:
            rows = tx.query(f"SELECT {COLUMNS} FROM orderhub_api_keys WHERE key_hash = ?", (key_hash,))
        return _record(rows[0]) if rows else None

    def all(self) -> list[StoredApiKey]:
        with self._db.transaction(write=False) as tx:
            rows = tx.query(f"SELECT {COLUMNS} FROM orderhub_api_keys ORDER BY created_at, id")
        return [_record(row) for row in rows]

    def remove(self, key_id: str) -> bool:
        with self._db.transaction() as tx:
            return tx.execute("DELETE FROM orderhub_api_keys WHERE id = ?", (key_id,)) > 0

    def mark_used(self, key_id: str, when: datetime) -> None:
        with self._db.transaction() as tx:
            tx.execute(
                "UPDATE orderhub_api_keys SET last_used_at = ? WHERE id = ?", (when.isoformat(), key_id)
            )
