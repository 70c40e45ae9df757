"""Staff accounts (ports/users.py) in two tables beside the event log.

Moments are stored as UTC ISO-8601 text of one fixed width (as the sync leases do), so they read
back alike from SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from adapters.persistence.sql_database import SqlDatabase
from domain.staff_account import Role, User
from ports.users import FailedSignIns, StoredUser

DDL = (
    "CREATE TABLE IF NOT EXISTS orderhub_users (name TEXT PRIMARY KEY, role TEXT NOT NULL, "
    "password_hash TEXT NOT NULL, created_at TEXT NOT NULL, disabled_at TEXT)",
    "CREATE TABLE IF NOT EXISTS orderhub_failed_sign_ins "
    "(name TEXT PRIMARY KEY, failures INTEGER NOT NULL, last_at TEXT NOT NULL)",
)
COLUMNS = "name, role, created_at, disabled_at"


def _moment(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _user(row: tuple[Any, ...]) -> User:
    name, role, created_at, disabled_at = row
    return User(name, Role(role), _parse(created_at), _parse(disabled_at) if disabled_at else None)


class SqlUserStore:
    def __init__(self, db: SqlDatabase) -> None:
        self._db = db
        with db.transaction() as tx:
            for ddl in DDL:
                tx.execute(ddl)

    def add(self, user: User, password_hash: str) -> bool:
        with self._db.transaction() as tx:
            added = tx.execute(
                "INSERT INTO orderhub_users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (name) DO NOTHING",
                (user.name, user.role.value, password_hash, _moment(user.created_at)),
            )
        return added == 1

    def get(self, name: str) -> StoredUser | None:
        with self._db.transaction(write=False) as tx:
            rows = tx.query(f"SELECT {COLUMNS}, password_hash FROM orderhub_users WHERE name = ?", (name,))
        return StoredUser(_user(rows[0][:4]), rows[0][4]) if rows else None

    def all(self) -> list[User]:
        with self._db.transaction(write=False) as tx:
            return [_user(row) for row in tx.query(f"SELECT {COLUMNS} FROM orderhub_users ORDER BY name")]

    def disable(self, name: str, now: datetime) -> bool:
        with self._db.transaction() as tx:
            tx.execute(
                "UPDATE orderhub_users SET disabled_at = ? WHERE name = ? AND disabled_at IS NULL",
                (_moment(now), name),
            )
            return tx.scalar("SELECT 1 FROM orderhub_users WHERE name = ?", (name,)) is not None

    def set_password_hash(self, name: str, password_hash: str) -> bool:
        with self._db.transaction() as tx:
            changed = tx.execute(
                "UPDATE orderhub_users SET password_hash = ? WHERE name = ?", (password_hash, name)
            )
        return changed == 1

    def failed_sign_ins(self, name: str) -> FailedSignIns | None:
        with self._db.transaction(write=False) as tx:
            rows = tx.query("SELECT failures, last_at FROM orderhub_failed_sign_ins WHERE name = ?", (name,))
        return FailedSignIns(int(rows[0][0]), _parse(rows[0][1])) if rows else None

    def record_failed_sign_in(self, name: str, now: datetime) -> int:
        # One statement, so that failures counted by several processes at once all count.
        with self._db.transaction() as tx:
            rows = tx.query(
                "INSERT INTO orderhub_failed_sign_ins (name, failures, last_at) VALUES (?, 1, ?) "
                "ON CONFLICT (name) DO UPDATE SET failures = orderhub_failed_sign_ins.failures + 1, "
                "last_at = excluded.last_at RETURNING failures",
                (name, _moment(now)),
            )
        return int(rows[0][0])

    def clear_failed_sign_ins(self, name: str) -> None:
        with self._db.transaction() as tx:
            tx.execute("DELETE FROM orderhub_failed_sign_ins WHERE name = ?", (name,))
