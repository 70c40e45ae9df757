"""Console sessions in their table, alike on memory, SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from adapters.persistence.console_sessions import SqlConsoleSessionStore
from adapters.persistence.database_url import DatabaseUrl
from adapters.persistence.sql_database import SqlDatabase
from ports.console_sessions import ConsoleSession

NOW = datetime(2026, 11, 2, 9, 0, 0, 123456, tzinfo=UTC)


@pytest.fixture
def store(database_url: str) -> Iterator[SqlConsoleSessionStore]:
    parsed = DatabaseUrl.parse(database_url)
    if parsed.path is not None:
        parsed.path.parent.mkdir(parents=True, exist_ok=True)
    db = SqlDatabase(parsed)
    yield SqlConsoleSessionStore(db)
    db.close()


def session(key: str, user: str = "bob", seen: datetime = NOW) -> ConsoleSession:
    return ConsoleSession(key, user, f"csrf-{key}", NOW, seen)


def test_a_session_reads_back_as_it_was_stored(store: SqlConsoleSessionStore) -> None:
    store.add(session("a"))
    assert store.get("a") == session("a")
    assert store.get("b") is None
    store.touch("a", NOW + timedelta(minutes=5))
    store.set_language("a", "de")
    assert store.get("a") == replace(session("a"), last_seen_at=NOW + timedelta(minutes=5), language="de")


def test_sessions_end_one_by_one_or_by_idleness(store: SqlConsoleSessionStore) -> None:
    store.add(session("a"))
    store.add(session("b", seen=NOW + timedelta(hours=1)))
    store.add(session("c", user="vera", seen=NOW + timedelta(hours=2)))
    store.add(session("d", user="vera", seen=NOW + timedelta(hours=3)))
    store.remove("a")
    store.remove("a")  # gone already: nothing happens
    assert store.remove_idle(NOW + timedelta(hours=2)) == 1  # b; c was seen exactly then
    assert [store.get(k) is not None for k in "abcd"] == [False, False, True, True]
