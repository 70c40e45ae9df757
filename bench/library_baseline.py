"""The baseline for imports: the eventsourcing library, as it comes, saving one-event aggregates.

Each aggregate carries the same order data as a channel import (as a JSON-ready dict), built and
saved in batches of one page with the library's stock ``Application``, mapper and JSON transcoder,
on the same kind of store with the library's own settings (SQLite: its module and defaults, not
orderhub's tuned connections; PostgreSQL: the same server and pool settings). Construction is timed
too, as it is in the import.
"""

from __future__ import annotations

import time
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event


class PlainOrder(Aggregate):
    @event("Imported")
    def __init__(self, channel: str, external_id: str, order: dict[str, Any]) -> None:
        self.channel, self.external_id, self.order = channel, external_id, order

    @staticmethod
    def create_id(channel: str, external_id: str, **_: Any) -> UUID:
        return uuid5(NAMESPACE_URL, f"bench/{channel}/{external_id}")


class PlainOrders(Application[UUID]):
    name = "plainorders"


def stock_sqlite_env(path: str) -> dict[str, str]:
    """The library's own SQLite module with its defaults: no orderhub tuning."""
    return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": path}


def save_rate(env: dict[str, str], payloads: list[dict[str, Any]], page: int) -> float:
    """Aggregates saved per second."""
    app = PlainOrders(env=env)
    try:
        started = time.perf_counter()
        for start in range(0, len(payloads), page):
            batch = [
                PlainOrder(channel="ebay-de", external_id=str(p["external_id"]), order=p)
                for p in payloads[start : start + page]
            ]
            app.save(*batch)
        return len(payloads) / (time.perf_counter() - started)
    finally:
        app.close()
