"""Console sessions (ports/console_sessions.py) in one table beside the event log.

Moments are UTC ISO-8601 text of one fixed width, as the user store keeps them, so they compare
as text and read back alike from SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from adapters.persistence.sql_database import SqlDatabase
from ports.console_sessions import ConsoleSession

DDL = (
    "CREATE TABLE IF NOT EXISTS orderhub_console_sessions (token_hash TEXT PRIMARY KEY, "
    "user_name TEXT NOT NULL, csrf_token TEXT NOT NULL, created_at TEXT NOT NULL, "
    "last_seen_at TEXT NOT NULL, language TEXT)",
    "CREATE INDEX IF NOT EXISTS orderhub_console_sessions_seen ON orderhub_console_sessions (last_seen_at)",
)
COLUMNS = "token_hash, user_name, csrf_token, created_at, last_seen_at, language"


def _moment(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _session(row: tuple[Any, ...]) -> ConsoleSession:
    token_hash, user_name, csrf_token, created_at, last_seen_at, language = row
    return ConsoleSession(
        token_hash, user_name, csrf_token, _parse(created_at), _parse(last_seen_at), language
    )


class SqlConsoleSessionStore:
    def __init__(self, db: SqlDatabase) -> None:
        self._db = db
        with db.transaction() as tx:
            for ddl in DDL:
                tx.execute(ddl)

    def add(self, session: ConsoleSession) -> None:
        with self._db.transaction() as tx:
            tx.execute(
                f"INSERT INTO orderhub_console_sessions ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    session.token_hash,
                    session.user_name,
                    session.csrf_token,
                    _moment(session.created_at),
                    _moment(session.last_seen_at),
                    session.language,
                ),
            )

    def get(self, token_hash: str) -> ConsoleSession | None:
        with self._db.transaction(write=False) as tx:
            rows = tx.query(
                f"SELECT {COLUMNS} FROM orderhub_console_sessions WHERE token_hash = ?", (token_hash,)
            )
        return _session(rows[0]) if rows else None

    def touch(self, token_hash: str, now: datetime) -> None:
        with self._db.transaction() as tx:
            tx.execute(
                "UPDATE orderhub_console_sessions SET last_seen_at = ? WHERE token_hash = ?",
                (_moment(now), token_hash),
            )

    def set_language(self, token_hash: str, language: str | None) -> None:
        with self._db.transaction() as tx:
            tx.execute(
                "UPDATE orderhub_console_sessions SET language = ? WHERE token_hash = ?",
                (language, token_hash),
            )

    def remove(self, token_hash: str) -> None:
        with self._db.transaction() as tx:
            tx.execute("DELETE FROM orderhub_console_sessions WHERE token_hash = ?", (token_hash,))

    def remove_idle(self, last_seen_before: datetime) -> int:
        with self._db.transaction() as tx:
            return tx.execute(
                "DELETE FROM orderhub_console_sessions WHERE last_seen_at < ?", (_moment(last_seen_before),)
            )
