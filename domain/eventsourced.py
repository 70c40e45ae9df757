"""Base classes for aggregates whose events are frozen pydantic models.

The eventsourcing library's own events are dataclasses; pydantic events validate their
payload, round-trip nested value objects (lines, addresses) and Decimals exactly, and give
the events endpoint a ready JSON form.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import BaseAggregate, CanInitAggregate, CanMutateAggregate
from pydantic import BaseModel, ConfigDict


class Immutable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DomainEvent(Immutable):
    originator_id: UUID
    originator_version: int
    timestamp: datetime


class Aggregate(BaseAggregate[UUID]):
    """An aggregate with explicit pydantic event classes and an ``apply`` per event."""

    class Event(DomainEvent, CanMutateAggregate[UUID]):
        def apply(self, aggregate: Any) -> None:
            """Each concrete event overrides this."""

    class Created(Event, CanInitAggregate[UUID]):
        originator_topic: str

    def __init__(self) -> None:
        """State is set by the created event's ``apply``."""

    @classmethod
    def event_type(cls, event: object) -> str:
        return type(event).__name__

    def payload(self, event: DomainEvent) -> dict[str, Any]:
        skip = {"originator_id", "originator_version", "timestamp", "originator_topic"}
        return event.model_dump(mode="json", exclude=skip)
