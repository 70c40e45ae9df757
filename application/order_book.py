"""The event-sourced application: where Orders, Customers and Channels are stored."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application

from domain.eventsourced import Aggregate


class OrderBook(Application[UUID]):
    """Persistence comes from the ``env`` the composition root passes (memory, SQLite, PostgreSQL)."""

    name = "orderhub"

    def get_or_none(self, aggregate_id: UUID) -> Any | None:
        try:
            return self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None

    def get_many(self, ids: list[UUID]) -> dict[UUID, Aggregate]:
        found: dict[UUID, Aggregate] = {}
        for aggregate_id in ids:
            aggregate = self.get_or_none(aggregate_id)
            if aggregate is not None:
                found[aggregate_id] = aggregate
        return found
