"""Fixtures shared by every test layer.

``harness``, ``start_harness`` and ``database_url`` run a test once per store: ``memory``, ``sqlite`` and
``postgres`` (test ids ``[memory]``, ``[sqlite]``, ``[postgres]``). ``ORDERHUB_TEST_BACKENDS=memory``
narrows a local run. The PostgreSQL runs share one database per xdist worker, emptied before each
test; they skip without a server unless ``ORDERHUB_REQUIRE_POSTGRES=1`` (CI), where they fail.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

from tests.support.databases import (
    TEST_SECRET_KEY,
    PostgresServer,
    admin_url,
    postgres_required,
    selected_backends,
    worker_name,
)
from tests.support.harness import Harness


def _backend_params() -> list[object]:
    return [
        pytest.param(b, marks=pytest.mark.postgres) if b == "postgres" else b for b in selected_backends()
    ]


@pytest.fixture(scope="session")
def postgres_server() -> PostgresServer:
    """The PostgreSQL server for tests (skips, or fails under ORDERHUB_REQUIRE_POSTGRES=1, without one)."""
    server = PostgresServer(admin_url())
    reason = server.unavailable_reason()
    if reason is not None:
        if postgres_required():
            pytest.fail(f"ORDERHUB_REQUIRE_POSTGRES=1 but {reason}")
        pytest.skip(reason)
    return server


@pytest.fixture(scope="session")
def _postgres_worker_database(postgres_server: PostgresServer) -> Iterator[str]:
    name = f"orderhub_test_{worker_name()}"
    postgres_server.create(name)
    yield name
    postgres_server.drop(name)


@pytest.fixture
def postgres_secret_key(monkeypatch: pytest.MonkeyPatch) -> str:
    """PostgreSQL needs ORDERHUB_SECRET_KEY: tests give it as an operator does, in the environment
    (so server processes a test starts inherit it), unless the shell set one already."""
    key = os.environ.get("ORDERHUB_SECRET_KEY") or TEST_SECRET_KEY
    monkeypatch.setenv("ORDERHUB_SECRET_KEY", key)
    return key


@pytest.fixture
def postgres_url(
    postgres_server: PostgresServer, _postgres_worker_database: str, postgres_secret_key: str
) -> str:
    """This worker's PostgreSQL test database, emptied for this test (ORDERHUB_SECRET_KEY set)."""
    postgres_server.empty(_postgres_worker_database)
    return postgres_server.database_url(_postgres_worker_database)


@pytest.fixture
def new_postgres_database(
    postgres_server: PostgresServer, postgres_secret_key: str
) -> Iterator[Callable[[], str]]:
    """Makes brand-new PostgreSQL databases (e.g. for several processes); dropped after the test."""
    made: list[str] = []

    def make() -> str:
        name = f"orderhub_test_{worker_name()}_{uuid4().hex[:8]}"
        made.append(name)
        return postgres_server.create(name)

    yield make
    for name in made:
        postgres_server.drop(name)


@pytest.fixture(params=_backend_params())
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty store's URL, once per backend: memory://, sqlite:///<tmp>/orderhub.db, postgresql://…"""
    if request.param == "memory":
        return "memory://"
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'orderhub.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture(params=[b for b in _backend_params() if b != "memory"])
def shared_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A store several processes can share (an SQLite file, a PostgreSQL database): once per backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'orderhub.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def harness(database_url: str) -> Iterator[Harness]:
    with Harness.start(database_url) as h:
        yield h


@pytest.fixture
def start_harness(database_url: str) -> Iterator[Callable[..., Harness]]:
    """``start_harness(kinds=..., now=...)``: a Harness on this test's store, closed after the test."""
    started: list[Harness] = []

    def start(**options: Any) -> Harness:
        started.append(Harness.start(database_url, **options))
        return started[-1]

    yield start
    for h in reversed(started):
        h.close()
