"""Base classes for aggregates whose events are frozen pydantic models.

The eventsourcing library's own events are dataclasses; pydantic events validate their
payload, round-trip nested value objects (lines, addresses) and Decimals exactly, and give
the events endpoint a ready JSON form. Aggregates declare their state as class annotations
(with an explicit ``__init__`` so the library does not turn them into constructor fields);
the same annotations drive snapshots.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any, ClassVar, get_origin, get_type_hints
from uuid import UUID

from eventsourcing.domain import (
    BaseAggregate,
    CanInitAggregate,
    CanMutateAggregate,
    CanSnapshotAggregate,
    get_topic,
    resolve_topic,
)
from pydantic import BaseModel, ConfigDict, TypeAdapter

from domain.actor import Actor
from domain.privacy import NOTHING_PERSONAL, DataSubject, PersonalData


class Immutable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DomainEvent(Immutable):
    originator_id: UUID
    originator_version: int
    timestamp: datetime


@cache
def _state_adapters(cls: type) -> dict[str, TypeAdapter[Any]]:
    """The snapshot's fields: the aggregate's public annotations, then its ``computed_state``."""
    hints = get_type_hints(cls)
    names = [
        n
        for klass in reversed(cls.__mro__)
        for n in vars(klass).get("__annotations__", {})
        if issubclass(klass, Aggregate) and klass is not Aggregate and not n.startswith("_")
    ]
    adapters = {
        name: TypeAdapter(hints[name])
        for name in dict.fromkeys(names)
        if get_origin(hints[name]) is not ClassVar
    }
    computed: dict[str, Any] = getattr(cls, "computed_state", {})
    adapters.update({name: TypeAdapter(hint) for name, hint in computed.items()})
    return adapters


class Snapshot(DomainEvent, CanSnapshotAggregate[UUID]):
    """An aggregate's state at one version, so loading it does not replay every event."""

    topic: str
    created_on: datetime
    state: dict[str, Any]

    @classmethod
    def take(cls, aggregate: Any) -> Snapshot:
        adapters = _state_adapters(type(aggregate))  # type: ignore[arg-type]
        state = {
            name: adapter.dump_python(getattr(aggregate, name), mode="json")
            for name, adapter in adapters.items()
        }
        return cls(
            originator_id=aggregate.id,
            originator_version=aggregate.version,
            timestamp=aggregate.modified_on,
            topic=get_topic(type(aggregate)),
            created_on=aggregate.created_on,
            state=state,
        )

    def mutate(self, _: Any) -> Any:
        aggregate_class = resolve_topic(self.topic)
        aggregate = aggregate_class.__new__(aggregate_class)
        aggregate.__base_init__(
            originator_id=self.originator_id,
            originator_version=self.originator_version,
            timestamp=self.created_on,
        )
        aggregate.modified_on = self.timestamp
        for name, adapter in _state_adapters(aggregate_class).items():  # type: ignore[arg-type]
            # A field added to the aggregate after the snapshot was taken: None where that is allowed
            # (optional fields), else a validation error naming it.
            setattr(aggregate, name, adapter.validate_python(self.state.get(name)))
        return aggregate


class Aggregate(BaseAggregate[UUID]):
    """An aggregate with explicit pydantic event classes and an ``apply`` per event."""

    Snapshot = Snapshot
    computed_state: ClassVar[dict[str, Any]] = {}
    """State kept in snapshots that the aggregate exposes as a property (name: type), e.g. a value
    computed only when first asked; the property needs a setter for loading from a snapshot."""
    personal_state: ClassVar[PersonalData] = NOTHING_PERSONAL
    """The personal data in the aggregate's snapshot state (``domain/privacy.py``)."""

    def data_subject(self) -> DataSubject | None:
        """Whose personal data this aggregate's events hold; None: nobody's."""
        return None

    class Event(DomainEvent, CanMutateAggregate[UUID]):
        actor: Actor | None = None
        """Who did it: stamped when the event is saved (application/aggregate_store.py). None only
        on events stored before actors were recorded (they load without the field); snapshots,
        which are not ``Event``s, carry none."""

        personal_data: ClassVar[PersonalData] = NOTHING_PERSONAL
        """The personal data this event holds (``domain/privacy.py``)."""

        def apply(self, aggregate: Any) -> None:
            """Each concrete event overrides this."""

    class Created(Event, CanInitAggregate[UUID]):
        originator_topic: str

        def mutate(self, aggregate: Any) -> Any:
            """The library's ``CanInitAggregate.mutate`` without its signature inspection: orderhub
            aggregates take no ``__init__`` arguments; their state comes from ``apply``."""
            assert aggregate is None
            aggregate_class = resolve_topic(self.originator_topic)
            built = aggregate_class.__new__(aggregate_class)
            built.__base_init__(
                originator_id=self.originator_id,
                originator_version=self.originator_version,
                timestamp=self.timestamp,
            )
            built.__init__()
            self.apply(built)
            return built

    def __init__(self) -> None:
        """State is set by the created event's ``apply``."""

    @classmethod
    def _create(cls, event_class: type[Any], *, id: Any = None, **kwargs: Any) -> Any:
        """The library's ``_create`` for the way orderhub calls it (an id and a time are always
        given): the same created event and aggregate, without the library's generic preparations,
        which cost more than building the event on a channel import's hot path."""
        if id is None or kwargs.get("timestamp") is None or getattr(cls, "TOPIC", None):
            return super()._create(event_class, id=id, **kwargs)
        event = event_class(
            originator_topic=get_topic(cls),
            originator_id=id,
            originator_version=cls.INITIAL_VERSION,
            **kwargs,
        )
        aggregate = event.mutate(None)
        aggregate._pending_events.append(event)
        return aggregate
