"""Which errors mean "the store cannot be used right now", as opposed to a bug.

The database may be unreachable, full, read-only, locked by another writer, or recreated empty
under a running server. Those are the operator's to fix and pass by themselves: the API answers
503 with ``Retry-After`` and the scheduler backs off, instead of a 500 and a traceback each time.
A missing table is told apart (``missing_schema``): the composition root then creates the schema
again (``entrypoints/bootstrap.py``), so a database recreated empty works without a restart.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import psycopg
from psycopg import errors as pg_errors
from psycopg_pool import PoolTimeout

SQLITE_PROBLEMS = (
    ("locked", "the database is locked by another writer"),
    ("busy", "the database is locked by another writer"),
    ("readonly", "the database is read-only"),
    ("read-only", "the database is read-only"),
    ("disk is full", "the disk is full"),
    ("disk i/o", "the disk failed to read or write"),
    ("unable to open", "the database file cannot be opened"),
)


@dataclass(frozen=True)
class StoreUnavailable:
    reason: str
    """What is wrong, for the answer and the log: never a traceback."""
    missing_schema: bool = False


def _causes(exc: BaseException) -> list[BaseException]:
    """The error and what caused it (the event-sourcing library wraps the driver's errors)."""
    chain, seen = [], set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _postgres(exc: BaseException) -> StoreUnavailable | None:
    if isinstance(exc, pg_errors.UndefinedTable):
        return StoreUnavailable("the database has lost its tables; they are being created again", True)
    if isinstance(exc, pg_errors.DiskFull):
        return StoreUnavailable("the database's disk is full")
    if isinstance(exc, pg_errors.ReadOnlySqlTransaction):
        return StoreUnavailable("the database is read-only")
    if isinstance(exc, PoolTimeout):
        return StoreUnavailable("no database connection could be had in time; is PostgreSQL reachable?")
    if isinstance(exc, pg_errors.LockNotAvailable | pg_errors.QueryCanceled):
        return StoreUnavailable("the database is locked by another writer")
    if isinstance(exc, psycopg.OperationalError):
        return StoreUnavailable(f"the database is unreachable: {_first_line(exc)}")
    return None


def _sqlite(exc: BaseException) -> StoreUnavailable | None:
    if not isinstance(exc, sqlite3.OperationalError):
        return None
    message = str(exc).lower()
    if "no such table" in message:
        return StoreUnavailable("the database has lost its tables; they are being created again", True)
    for needle, reason in SQLITE_PROBLEMS:
        if needle in message:
            return StoreUnavailable(reason)
    return None


def store_unavailable(exc: BaseException) -> StoreUnavailable | None:
    """What keeps the store from being used, when ``exc`` (or its cause) says so; else None."""
    for cause in _causes(exc):
        found = _postgres(cause) or _sqlite(cause)
        if found is not None:
            return found
    return None
