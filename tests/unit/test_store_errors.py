"""Real driver errors of an unavailable store are told apart from bugs (adapters/persistence/store_errors.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg
import pytest
from eventsourcing.persistence import OperationalError as LibraryOperationalError
from psycopg_pool import PoolTimeout

from adapters.persistence.store_errors import store_unavailable


def sqlite_error(path: Path, sql: str, uri: str | None = None) -> sqlite3.Error:
    with sqlite3.connect(uri or str(path), uri=uri is not None) as db:
        try:
            db.execute(sql)
        except sqlite3.Error as exc:
            return exc
    raise AssertionError(f"{sql} did not fail")


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "store.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE t (x INTEGER)")
    return path


def test_a_read_only_sqlite_file(database: Path) -> None:
    error = sqlite_error(database, "INSERT INTO t VALUES (1)", uri=f"file:{database}?mode=ro")
    assert store_unavailable(error) == store_unavailable(sqlite3.OperationalError("readonly"))
    assert store_unavailable(error).reason == "the database is read-only"  # type: ignore[union-attr]


def test_a_locked_sqlite_file(database: Path) -> None:
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        waiter = sqlite3.connect(database, timeout=0.05)
        with pytest.raises(sqlite3.OperationalError) as raised:
            waiter.execute("INSERT INTO t VALUES (1)")
        waiter.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    problem = store_unavailable(raised.value)
    assert problem is not None and problem.reason == "the database is locked by another writer"


def test_a_missing_table_asks_for_the_schema_again_also_wrapped_by_the_library(database: Path) -> None:
    error = sqlite_error(database, "SELECT * FROM gone")
    try:
        raise LibraryOperationalError(str(error)) from error
    except LibraryOperationalError as wrapped:
        problem = store_unavailable(wrapped)
    assert problem is not None and problem.missing_schema


def test_an_unreachable_postgres_and_an_exhausted_pool() -> None:
    with pytest.raises(psycopg.OperationalError) as raised:
        psycopg.connect("host=127.0.0.1 port=1 dbname=x connect_timeout=2")
    refused = store_unavailable(raised.value)
    assert refused is not None and refused.reason.startswith("the database is unreachable")
    timeout = store_unavailable(PoolTimeout("couldn't get a connection after 5.00 sec"))
    assert timeout is not None and "in time" in timeout.reason


def test_a_bug_is_not_a_store_problem(database: Path) -> None:
    assert store_unavailable(RuntimeError("a bug")) is None
    assert store_unavailable(sqlite_error(database, "SELEC 1")) is None  # a syntax error is ours
    assert store_unavailable(sqlite3.IntegrityError("UNIQUE constraint failed")) is None


def test_a_pool_timeout_of_the_event_store_is_passing_for_the_projections() -> None:
    from adapters.persistence.postgres_store import ConnectionTimedOutError
    from adapters.read_models.transient import is_transient

    assert is_transient(ConnectionTimedOutError("couldn't get a connection after 5.00 sec"))
    assert store_unavailable(ConnectionTimedOutError("x").with_traceback(None)) is None  # needs its cause
    try:
        raise ConnectionTimedOutError("no connection") from PoolTimeout("couldn't get a connection")
    except ConnectionTimedOutError as exc:
        assert store_unavailable(exc) is not None
