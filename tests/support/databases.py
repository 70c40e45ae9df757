"""Databases for tests: ``memory://``, an SQLite file, or a PostgreSQL database per xdist worker.

PostgreSQL comes from ``ORDERHUB_TEST_POSTGRES_URL`` (default ``postgresql://postgres@127.0.0.1:5432/test``),
used only to create and drop the test databases ``orderhub_test_<worker>_<run>[_<suffix>]`` beside it.
Without a reachable server the PostgreSQL tests skip, unless ``ORDERHUB_REQUIRE_POSTGRES=1``.
"""

from __future__ import annotations

import os
import re
from urllib.parse import urlparse, urlunparse

import psycopg
from psycopg import sql

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
BACKENDS = ("memory", "sqlite", "postgres")
TEST_SECRET_KEY = "b3JkZXJodWItdGVzdHMtc2VjcmV0LWtleS0zMi1ieXQ="
"""ORDERHUB_SECRET_KEY of the PostgreSQL tests (base64 of 32 bytes): a test value, guarding nothing."""
TEST_POOL = "pool_size=2&max_overflow=4"
"""Small pools: tests open and close a store per test."""


def admin_url() -> str:
    return os.environ.get("ORDERHUB_TEST_POSTGRES_URL") or DEFAULT_POSTGRES_URL


def postgres_required() -> bool:
    return os.environ.get("ORDERHUB_REQUIRE_POSTGRES", "").strip().lower() in ("1", "true", "yes")


def selected_backends() -> list[str]:
    """``ORDERHUB_TEST_BACKENDS=memory,sqlite`` narrows a local run; all three by default."""
    raw = os.environ.get("ORDERHUB_TEST_BACKENDS", "")
    chosen = [b.strip() for b in raw.split(",") if b.strip()] or list(BACKENDS)
    unknown = set(chosen) - set(BACKENDS)
    if unknown:
        raise ValueError(f"ORDERHUB_TEST_BACKENDS: unknown {sorted(unknown)}; choose from {BACKENDS}")
    return chosen


def worker_name() -> str:
    """``<xdist worker>_<test run>``: runs at the same time (two checkouts, CI jobs) never share a database."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID", "")[:8] or str(os.getpid())
    return re.sub(r"\W", "_", f"{worker}_{run}").lower()


class PostgresServer:
    """The server behind ``admin_url()``: creates, empties and drops test databases."""

    def __init__(self, url: str) -> None:
        self.url = url

    def unavailable_reason(self) -> str | None:
        try:
            with psycopg.connect(self.url, connect_timeout=3) as conn:
                conn.execute("SELECT 1")
        except psycopg.Error as exc:
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            return f"PostgreSQL at {self.url} is not reachable ({first_line}); set ORDERHUB_TEST_POSTGRES_URL"
        return None

    def database_url(self, name: str, options: str = TEST_POOL) -> str:
        parsed = urlparse(self.url)
        return urlunparse(parsed._replace(path=f"/{name}", query=options))

    def create(self, name: str) -> str:
        """A new, empty database (an old one of that name is dropped first); returns its URL."""
        self.drop(name)
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.database_url(name)

    def drop(self, name: str) -> None:
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    def empty(self, name: str) -> None:
        """Every table emptied and its id sequences reset: much faster than a new database."""
        with psycopg.connect(self.database_url(name, options=""), autocommit=True) as conn:
            tables = [
                row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            ]
            if not tables:
                return
            # A store a failed test did not close would block TRUNCATE: end such sessions first.
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            names = sql.SQL(", ").join(sql.Identifier(t) for t in tables)
            conn.execute(sql.SQL("TRUNCATE {} RESTART IDENTITY").format(names))
