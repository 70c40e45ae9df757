"""The event store on PostgreSQL: the library's PostgreSQL module, with a bound on connecting.

The library passes no ``connect_timeout`` to the connections its pool opens, so a server that
does not answer (a dropped packet, a firewall) left the pool trying for as long as the operating
system's TCP timeout. ``POSTGRES_CONNECT_ATTEMPT_TIMEOUT`` bounds each attempt; how long a request
waits for a connection at all is the library's ``POSTGRES_CONNECT_TIMEOUT``.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.postgres import PostgresFactory

CONNECT_ATTEMPT_TIMEOUT = "POSTGRES_CONNECT_ATTEMPT_TIMEOUT"


class Factory(PostgresFactory):
    """Selected with ``PERSISTENCE_MODULE=adapters.persistence.postgres_store:Factory``."""

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        seconds = self.env.get(CONNECT_ATTEMPT_TIMEOUT)
        kwargs = self.datastore.pool.kwargs
        if seconds and isinstance(kwargs, dict):
            kwargs["connect_timeout"] = int(seconds)
