"""The event store on PostgreSQL: the library's PostgreSQL module, failing fast when unreachable.

Two things made a request hang while PostgreSQL was away. The library passes no
``connect_timeout`` to the connections its pool opens, so a server that does not answer (a
dropped packet, a firewall) kept each attempt going for the operating system's TCP timeout:
``POSTGRES_CONNECT_ATTEMPT_TIMEOUT`` bounds it. And the library retries every read and write ten
times on an ``OperationalError``, which includes "no connection came within the pool's timeout"
(``POSTGRES_CONNECT_TIMEOUT``): ten timeouts in a row. That one is raised as
``ConnectionTimedOutError`` instead, which it does not retry: the request fails after one timeout
(the API answers 503) and the pool reconnects by itself when the server is back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from eventsourcing.persistence import OperationalError, PersistenceError
from eventsourcing.postgres import PostgresDatastore, PostgresFactory
from psycopg_pool import PoolTimeout

CONNECT_ATTEMPT_TIMEOUT = "POSTGRES_CONNECT_ATTEMPT_TIMEOUT"


class ConnectionTimedOutError(PersistenceError):
    """No database connection within the pool's timeout (the cause says more)."""


class FailFastDatastore(PostgresDatastore):
    @contextmanager
    def get_connection(self) -> Iterator[Any]:
        try:
            with super().get_connection() as conn:
                yield conn
        except OperationalError as exc:
            if isinstance(exc.__cause__, PoolTimeout):
                raise ConnectionTimedOutError(str(exc)) from exc.__cause__
            raise


def forget_database_types(datastore: object) -> None:
    """A database created again has new ids for the event store's composite types: the ones the
    library keeps (and registers on each connection) would fail with "cache lookup failed for
    type"; creating the tables again registers the new ones."""
    if isinstance(datastore, PostgresDatastore):
        datastore.psycopg_type_adapters.clear()
        datastore.psycopg_python_types.clear()


class Factory(PostgresFactory):
    """Selected with ``PERSISTENCE_MODULE=adapters.persistence.postgres_store:Factory``."""

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        # The library builds its datastore itself; this subclass only changes how a connection is
        # had, so the object is kept and only its class is narrowed.
        self.datastore.__class__ = FailFastDatastore
        seconds = self.env.get(CONNECT_ATTEMPT_TIMEOUT)
        kwargs = self.datastore.pool.kwargs
        if seconds and isinstance(kwargs, dict):
            kwargs["connect_timeout"] = int(seconds)
