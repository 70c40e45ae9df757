"""Turn stored event rows into ``EventRecord``s: the JSON state, parsed once, unvalidated.

Validating every event with pydantic costs several times more than reading it; the state was
validated when it was written. An event stored by an older class version is the exception: it is
decoded through the mapper, which upcasts it, and dumped back to the current JSON form.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.persistence import Mapper, Notification
from eventsourcing.utils import resolve_topic

from adapters.persistence.mapper import IDS, sealer_of, unwrap
from adapters.privacy.sealing import SEALED, SEALED_MARK
from adapters.read_models.event_pages import Row
from adapters.read_models.projection import EventRecord

Unread = Mapping[str, tuple[bytes, bytes]]
"""Topic: (``b',"first":'``, ``b',"after_last":'``), keys of the stored JSON that bound a run of
key/value pairs a projection never reads, cut before parsing: in a rebuild, parsing the events and
freeing what was parsed is most of the time. Such a marker can only be a key (inside a string a quote
is escaped); the run is cut only when both are found, and holds what lies between them in the
event's field order: the property tests fail when a field that is read moves into it."""


class EventDecoder:
    def __init__(self, mapper: Mapper[Any]) -> None:
        self._mapper = mapper
        self._class_versions: dict[str, int] = {}
        self._plain = mapper.cipher is None and mapper.compressor is None

    def _class_version(self, topic: str) -> int:
        version = self._class_versions.get(topic)
        if version is None:
            version = int(getattr(resolve_topic(topic), "class_version", 1))
            self._class_versions[topic] = version
        return version

    def decode(self, row: Row) -> EventRecord:
        return self.decode_all([row])[0]

    def decode_all(
        self, rows: Sequence[Row], unread: Unread | None = None, personal: bool = True
    ) -> list[EventRecord]:
        """``unread``: spans of the JSON of some topics that the caller never reads (see ``Unread``).
        ``personal``: whether the caller reads personal data; if not, it is neither opened nor parsed."""
        records: list[EventRecord] = []
        loads, versions = orjson.loads, self._class_versions
        append, plain, spans = records.append, self._plain, unread or {}
        sealed: list[tuple[str, dict[str, Any]]] = []
        for position, originator_id, version, topic, stored in rows:
            data = stored if plain else unwrap(self._mapper, stored)
            if not personal and (mark := data.rfind(SEALED_MARK)) >= 0:
                data = data[:mark] + b"}"
            span = spans.get(topic)
            if (
                span is not None
                and (start := data.find(span[0])) >= 0
                and (end := data.find(span[1], start)) >= 0
            ):
                data = data[:start] + data[end:]
            state: dict[str, Any] = loads(data)
            expected = versions.get(topic) or self._class_version(topic)
            if (expected != 1 or "class_version" in state) and state.get("class_version", 1) != expected:
                state = self._upcast(position, originator_id, version, topic, stored)
            elif SEALED in state:
                sealed.append((topic, state))
            append(EventRecord(position, topic, originator_id, version, state))
        if sealed and (sealer := sealer_of(self._mapper)) is not None:
            sealer.open_many(sealed)
        return records

    def _upcast(
        self, position: int, originator_id: str, version: int, topic: str, stored: bytes
    ) -> dict[str, Any]:
        notification = Notification(
            id=position,
            originator_id=UUID(originator_id),
            originator_version=version,
            topic=topic,
            state=stored,
        )
        event: Any = self._mapper.to_domain_event(notification)
        dumped: dict[str, Any] = event.model_dump(mode="json", exclude=IDS)
        return dumped
