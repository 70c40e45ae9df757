"""The channel content an order's stored events last recorded, read without rebuilding the order.

Most orders a re-sync fetches have not changed. Reading the content of an order's last channel
event costs a fraction of replaying all its events (docs/benchmarks.md, the unchanged re-sync);
whether the report changes it is then decided by the domain (``domain/channel_content.py``), on
the content's JSON form as stored: no validation, no rebuild.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Mapper, StoredEvent
from eventsourcing.utils import get_topic

from adapters.persistence.mapper import decoded_state, sealer_of
from adapters.privacy.sealing import SEALED
from domain.channel_content import ContentJson
from domain.order import CHANNEL_CONTENT_EVENTS


class RecordedChannelContent:
    def __init__(self, mapper: Mapper[Any]) -> None:
        self._mapper = mapper
        self._versions = {get_topic(c): getattr(c, "class_version", 1) for c in CHANNEL_CONTENT_EVENTS}

    def of(self, stored: Mapping[UUID, Sequence[StoredEvent]]) -> dict[UUID, ContentJson]:
        """Per aggregate (its events in version order), the content its last channel event recorded;
        left out where there is none or it cannot be read as stored (see ``_last_state``). Personal data is
        opened for all of them at once (one key lookup)."""
        states = {}
        for aggregate_id, events in stored.items():
            found = self._last_state(events)
            if found is not None:
                states[aggregate_id] = found
        sealer = sealer_of(self._mapper)
        if sealer is not None:
            sealer.open_many([pair for pair in states.values() if SEALED in pair[1]])
        contents = {i: state.get("order") for i, (_, state) in states.items()}
        return {i: content for i, content in contents.items() if isinstance(content, dict)}

    def _last_state(self, events: Sequence[StoredEvent]) -> tuple[str, dict[str, Any]] | None:
        """The last channel event's (topic, state) as stored (JSON, not validated: it was when
        written). None also when unsure: an event of an older class version (it would be upcast
        first). The caller then rebuilds the order."""
        for event in reversed(events):
            expected = self._versions.get(event.topic)
            if expected is None:
                continue
            state = decoded_state(self._mapper, event, opened=False)
            if state.get("class_version", 1) != expected:
                return None
            return event.topic, state
        return None
