"""Stores pydantic domain events as JSON (orjson) and reads them back validated.

The library's default mapper rebuilds events without calling ``__init__``, which pydantic
events cannot survive; this one dumps with ``model_dump(mode="json")`` (Decimals as strings,
datetimes as ISO 8601) and validates on the way back, upcasting old class versions first.

With a ``PersonalDataSealer`` (``seal_personal_data``: the composition root always gives one) the
personal data an event declares is stored sealed under the person's key (``adapters/privacy/``);
every reader of stored JSON goes through ``decoded_state`` or the sealer, so it sees it opened.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.persistence import Mapper, StoredEvent, Transcoder
from eventsourcing.utils import get_topic, resolve_topic
from pydantic import BaseModel

from adapters.privacy.sealing import SEALED, PersonalDataSealer

IDS = {"originator_id", "originator_version"}
"""Kept in the stored event's own columns, not in its JSON."""


def unwrap(mapper: Mapper[Any], data: bytes) -> bytes:
    """A stored event's state as the transcoder wrote it: decrypted, then decompressed."""
    if mapper.cipher:
        data = mapper.cipher.decrypt(data)
    if mapper.compressor:
        data = mapper.compressor.decompress(data)
    return data


def decoded_state(mapper: Mapper[Any], stored: StoredEvent, opened: bool = True) -> dict[str, Any]:
    """A stored event's state as the mapper was given it (JSON data, personal data opened or
    erased), without building the event. ``opened=False``: personal data still sealed, for a
    caller that opens many at once (``PersonalDataSealer.open_many``)."""
    state: dict[str, Any] = mapper.transcoder.decode(unwrap(mapper, stored.state))
    sealer = sealer_of(mapper)
    if opened and sealer is not None and SEALED in state:
        sealer.open(stored.topic, state)
    return state


def sealer_of(mapper: Mapper[Any]) -> PersonalDataSealer | None:
    return getattr(mapper, "sealer", None)


class OrjsonTranscoder(Transcoder):
    def encode(self, obj: Any) -> bytes:
        return orjson.dumps(obj)

    def decode(self, data: bytes) -> Any:
        return orjson.loads(data)


class PydanticMapper(Mapper[UUID]):
    sealer: PersonalDataSealer | None = None

    def seal_personal_data(self, sealer: PersonalDataSealer | None) -> None:
        """From now on, store declared personal data sealed with ``sealer`` and open it on reading."""
        self.sealer = sealer

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        plan = self.sealer.plan(domain_event) if self.sealer is not None else None
        if (
            isinstance(domain_event, BaseModel)
            and type(self.transcoder) is OrjsonTranscoder
            and getattr(type(domain_event), "class_version", 1) == 1
        ):  # pydantic writes the same JSON itself, without a dict in between: faster on every save
            if plan is not None and self.sealer is not None:
                return self._stored(domain_event, self.sealer.sealed_json(domain_event, plan))
            data = domain_event.__pydantic_serializer__.to_json(domain_event, exclude=IDS)
            return self._stored(domain_event, data)
        if isinstance(domain_event, BaseModel):
            state = domain_event.model_dump(mode="json", exclude=IDS)
        else:  # library snapshots and other dataclass events
            state = dict(vars(domain_event))
            state.pop("originator_id"), state.pop("originator_version")
        class_version = getattr(type(domain_event), "class_version", 1)
        if class_version > 1:
            state["class_version"] = class_version
        if plan is not None and self.sealer is not None:  # last: readers may cut it off the JSON's end
            self.sealer.seal_state(domain_event, plan, state)
        return self._stored(domain_event, self.transcoder.encode(state))

    def _stored(self, domain_event: Any, data: bytes) -> StoredEvent:
        if self.compressor:
            data = self.compressor.compress(data)
        if self.cipher:
            data = self.cipher.encrypt(data)
        return StoredEvent(
            originator_id=domain_event.originator_id,
            originator_version=domain_event.originator_version,
            topic=get_topic(type(domain_event)),
            state=data,
        )

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        return self._event(stored_event, decoded_state(self, stored_event))

    def to_domain_events(self, stored_events: Sequence[StoredEvent]) -> list[Any]:
        """Like ``to_domain_event`` for each, their personal data opened at once (one key lookup)."""
        states = [decoded_state(self, stored, opened=False) for stored in stored_events]
        if self.sealer is not None:
            self.sealer.open_many(
                [(s.topic, state) for s, state in zip(stored_events, states, strict=True) if SEALED in state]
            )
        return [self._event(s, state) for s, state in zip(stored_events, states, strict=True)]

    def _event(self, stored_event: StoredEvent, state: dict[str, Any]) -> Any:
        cls = resolve_topic(stored_event.topic)
        version = state.pop("class_version", 1)
        while version < getattr(cls, "class_version", 1):
            getattr(cls, f"upcast_v{version}_v{version + 1}")(state)
            version += 1
        originator_id = stored_event.originator_id
        state["originator_id"] = (
            originator_id if isinstance(originator_id, UUID) else UUID(str(originator_id))
        )
        state["originator_version"] = stored_event.originator_version
        if isinstance(cls, type) and issubclass(cls, BaseModel):
            return cls.model_validate(state)
        return cls(**state)
