"""The tracking table: per projection, the last event position applied, its error, schema and rebuild.

A projection's rows and its tracking row change in one transaction, and every writer first locks
the tracking row (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite has one writer at a time), so
processes that follow the same projection take turns instead of applying an event twice.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from adapters.persistence.sql_database import Tx

TABLE = "rm_tracking"
DDL = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} (name TEXT PRIMARY KEY, position BIGINT NOT NULL, error TEXT, "
    "updated_at TEXT, schema_hash TEXT, rebuild_token TEXT, rebuild_seen TEXT)"
)


@dataclass(frozen=True)
class Tracking:
    name: str
    position: int
    error: str | None
    updated_at: str | None
    schema_hash: str | None
    rebuild_token: str | None
    rebuild_seen: str | None


def schema_hash(statements: list[str]) -> str:
    return hashlib.sha256("\n".join(statements).encode()).hexdigest()[:16]


def now_text() -> str:
    return datetime.now(UTC).isoformat()


COLUMNS = "name, position, error, updated_at, schema_hash, rebuild_token, rebuild_seen"


def create(tx: Tx) -> None:
    tx.execute(DDL)


def ensure(tx: Tx, name: str, schema: str) -> None:
    tx.execute(
        f"INSERT INTO {TABLE} (name, position, schema_hash) VALUES (?, 0, ?) ON CONFLICT (name) DO NOTHING",
        (name, schema),
    )


def read_all(tx: Tx) -> dict[str, Tracking]:
    return {r[0]: Tracking(*r) for r in tx.query(f"SELECT {COLUMNS} FROM {TABLE}")}


def read(tx: Tx, name: str) -> Tracking:
    rows = tx.query(f"SELECT {COLUMNS} FROM {TABLE} WHERE name = ?", (name,))
    if not rows:
        raise KeyError(f"no tracking row for projection {name!r}")
    return Tracking(*rows[0])


def lock(tx: Tx, name: str) -> Tracking:
    """The row, locked until the transaction ends."""
    suffix = " FOR UPDATE" if tx.is_postgres else ""
    rows = tx.query(f"SELECT {COLUMNS} FROM {TABLE} WHERE name = ?{suffix}", (name,))
    if not rows:
        raise KeyError(f"no tracking row for projection {name!r}")
    return Tracking(*rows[0])


def advance(tx: Tx, name: str, position: int) -> None:
    tx.execute(
        f"UPDATE {TABLE} SET position = ?, updated_at = ? WHERE name = ?", (position, now_text(), name)
    )


def record_error(tx: Tx, name: str, error: str) -> None:
    tx.execute(f"UPDATE {TABLE} SET error = ?, updated_at = ? WHERE name = ?", (error, now_text(), name))


def reset(tx: Tx, name: str, position: int, schema: str) -> None:
    """After a rebuild or a schema change: the rows now reflect every event up to ``position``."""
    tx.execute(
        f"UPDATE {TABLE} SET position = ?, error = NULL, updated_at = ?, schema_hash = ?, "
        "rebuild_token = NULL, rebuild_seen = NULL WHERE name = ?",
        (position, now_text(), schema, name),
    )


def mark_rebuild(tx: Tx, name: str, token: str | None) -> None:
    tx.execute(
        f"UPDATE {TABLE} SET rebuild_token = ?, rebuild_seen = ? WHERE name = ?",
        (token, now_text() if token else None, name),
    )
