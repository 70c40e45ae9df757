"""A store in trouble answers 503 with Retry-After, never 500, and a database that lost its tables
works again without a restart (issue 18, points 18 and 19)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from tests.support.harness import Harness
from tests.support.order_data import immediate_order


@pytest.fixture
def harness(shared_database_url: str) -> Iterator[Harness]:
    with Harness.start(shared_database_url) as h:
        yield h


def drop_every_table(url: str) -> None:
    """What a database dropped and created again empty looks like to a running server."""
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None) as db:
            names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            for name in names:
                db.execute(f'DROP TABLE "{name}"')
        return
    with psycopg.connect(url.split("?")[0], autocommit=True) as db:
        tables = [r[0] for r in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        for name in tables:
            db.execute(sql.SQL("DROP TABLE {} CASCADE").format(sql.Identifier(name)))


def test_a_database_that_lost_its_tables_answers_503_then_works_again(
    harness: Harness, shared_database_url: str
) -> None:
    first = harness.client.post("/api/v1/orders", json=immediate_order())
    assert first.status_code == 201, first.text
    drop_every_table(shared_database_url)

    lost = harness.client.get(f"/api/v1/orders/{first.json()['id']}")
    assert lost.status_code in (404, 503), lost.text
    if lost.status_code == 503:
        assert lost.headers["Retry-After"] == "5" and "store is unavailable" in lost.json()["detail"]
    again = harness.client.post("/api/v1/orders", json=immediate_order())
    assert again.status_code in (201, 503), again.text
    if again.status_code == 503:
        again = harness.client.post("/api/v1/orders", json=immediate_order())
    assert again.status_code == 201, again.text
    assert harness.client.get("/api/v1/orders").json()["total"] == 1
    assert harness.client.get(f"/api/v1/orders/{first.json()['id']}").status_code == 404


@pytest.mark.postgres
def test_a_read_only_postgres_database_answers_503_with_retry_after(
    postgres_url: str, postgres_server: object
) -> None:
    name = postgres_url.split("?")[0].rsplit("/", 1)[1]
    admin = postgres_url.split("?")[0].rsplit("/", 1)[0] + "/postgres"

    def read_only(on: bool) -> None:
        with psycopg.connect(admin, autocommit=True) as db:
            value = sql.SQL("on" if on else "off")
            db.execute(
                sql.SQL("ALTER DATABASE {} SET default_transaction_read_only = {}").format(
                    sql.Identifier(name), value
                )
            )
            db.execute(  # the server's connections were opened writable: make it open new ones
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )

    with Harness.start(postgres_url) as h:
        try:
            read_only(True)
            answers = [h.client.post("/api/v1/orders", json=immediate_order()) for _ in range(10)]
            assert {a.status_code for a in answers} == {503}, [a.text for a in answers]
            assert answers[-1].headers["Retry-After"] == "5"
            assert "read-only" in answers[-1].json()["detail"]
        finally:
            read_only(False)
        placed = [h.client.post("/api/v1/orders", json=immediate_order()) for _ in range(10)]
        assert placed[-1].status_code == 201, placed[-1].text


def test_a_locked_sqlite_database_answers_503_within_its_lock_timeout_then_works(tmp_path: Path) -> None:
    path = tmp_path / "orderhub.db"
    with Harness.start(f"sqlite:///{path}?lock_timeout=1") as h:
        assert h.client.post("/api/v1/orders", json=immediate_order()).status_code == 201
        other_writer = sqlite3.connect(path, isolation_level=None)
        other_writer.execute("BEGIN EXCLUSIVE")
        try:
            started = time.monotonic()
            answer = h.client.post("/api/v1/orders", json=immediate_order())
            waited = time.monotonic() - started
        finally:
            other_writer.execute("ROLLBACK")
            other_writer.close()
        assert answer.status_code == 503 and answer.headers["Retry-After"] == "5", answer.text
        assert "locked by another writer" in answer.json()["detail"] and waited < 5
        assert h.client.post("/api/v1/orders", json=immediate_order()).status_code == 201
        assert h.client.get("/api/v1/orders").json()["total"] == 2
