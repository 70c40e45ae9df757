"""Personal data inside stored events and snapshots, sealed under the person's key.

The mapper writes an event's JSON state without the paths its class declares personal
(``domain/privacy.py``) and adds them back sealed, one AES-GCM blob per key kind (contact,
documents) per event, under ``"_sealed"``: ``[[subject hex, purpose, base64(nonce | ciphertext | tag)
or null], ...]``, the last key of the JSON object. The blob names its key, so reading needs no
subject; its associated data is that name, so a blob moved under another name does not open. A blob
whose key is destroyed, or ``null`` (written when the key was already destroyed: nothing is sealed
under a destroyed key), reads as the declared erased values.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo
from functools import cache
from typing import Any
from uuid import UUID

import orjson
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.utils import resolve_topic

from domain.eventsourced import Snapshot
from domain.privacy import DataSubject, PersonalData, document_year
from ports.personal_keys import CONTACT, SAVING, KeyRef, PersonalKeys, SavedSubjects, documents

SEALED = "_sealed"
SEALED_MARK = b',"_sealed":'
NONCE_BYTES = 12
IDS = {"originator_id": True, "originator_version": True}


class PersonalDataError(RuntimeError):
    """An event with personal data was to be stored without anyone saying whose it is."""


@dataclass(frozen=True)
class Part:
    """The paths of one key kind: what to seal, and what they read as once erased."""

    kind: str
    erased: dict[str, Any]
    include: dict[str, Any]
    """The paths as pydantic's ``include``/``exclude`` argument (nested dicts)."""


@dataclass(frozen=True)
class Plan:
    parts: tuple[Part, ...]
    exclude: dict[str, Any]
    """IDS and every personal path."""


def _nested(paths: Sequence[str]) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for path in paths:
        *parents, leaf = path.split(".")
        node = tree
        for name in parents:
            node = node.setdefault(name, {})
        node[leaf] = True
    return tree


def _plan(declared: PersonalData) -> Plan | None:
    if not declared:
        return None
    parts = tuple(
        Part(kind, dict(paths), _nested(list(paths)))
        for kind, paths in (("contact", declared.contact), ("documents", declared.documents))
        if paths
    )
    return Plan(parts, IDS | _nested([p for part in parts for p in part.erased]))


@cache
def plan_of_class(cls: type) -> Plan | None:
    return _plan(getattr(cls, "personal_data", None) or PersonalData())


@cache
def plan_of_snapshot(aggregate_topic: str) -> Plan | None:
    try:
        aggregate_class = resolve_topic(aggregate_topic)
    except Exception:  # an aggregate class that no longer exists holds nothing declared
        return None
    state: PersonalData = getattr(aggregate_class, "personal_state", PersonalData())
    return _plan(state.under("state"))


@cache
def plan_of_topic(topic: str) -> Plan | None:
    """The plan of a stored event's class; None for snapshots (``plan_of_snapshot``) and classes
    that are no more."""
    try:
        cls = resolve_topic(topic)
    except Exception:
        return None
    return None if isinstance(cls, type) and issubclass(cls, Snapshot) else plan_of_class(cls)


@cache
def is_snapshot_topic(topic: str) -> bool:
    try:
        cls = resolve_topic(topic)
    except Exception:
        return False
    return isinstance(cls, type) and issubclass(cls, Snapshot)


def _aad(subject_hex: str, purpose: str) -> bytes:
    return f"{subject_hex}/{purpose}".encode()


def _take(state: dict[str, Any], tree: dict[str, Any]) -> dict[str, Any]:
    """Remove the paths of ``tree`` from ``state``; what was removed, nested the same way."""
    taken: dict[str, Any] = {}
    for name, sub in tree.items():
        if name not in state:
            continue
        if sub is True:
            taken[name] = state.pop(name)
        elif isinstance(state[name], dict):
            taken[name] = _take(state[name], sub)
        else:
            taken[name] = state[name]  # a parent that is null: nothing below it
    return taken


def _merge(state: dict[str, Any], opened: dict[str, Any]) -> None:
    for name, value in opened.items():
        present = state.get(name)
        if isinstance(value, dict) and isinstance(present, dict):
            _merge(present, value)
        else:
            state[name] = value


def _erase(state: dict[str, Any], erased: dict[str, Any]) -> None:
    for path, value in erased.items():
        *parents, leaf = path.split(".")
        node: Any = state
        for name in parents:
            node = node.get(name) if isinstance(node, dict) else None
        if isinstance(node, dict) and leaf not in node:
            node[leaf] = type(value)() if value is not None else None


class PersonalDataSealer:
    """Seals (for the mapper) and opens (for the mapper and every reader of stored JSON)."""

    def __init__(self, keys: PersonalKeys, zone: tzinfo) -> None:
        self.keys, self._zone = keys, zone
        self._ciphers: dict[bytes, AESGCM] = {}

    # ---- writing ------------------------------------------------------------------------

    def plan(self, event: Any) -> Plan | None:
        if isinstance(event, Snapshot):
            return plan_of_snapshot(event.topic)
        event_class: Any = type(event)
        return plan_of_class(event_class)

    def sealed_json(self, event: Any, plan: Plan) -> bytes:
        """The event's JSON state (without ids) with its personal data sealed (pydantic events)."""
        serializer = event.__pydantic_serializer__
        data: bytes = serializer.to_json(event, exclude=plan.exclude)
        blobs = [
            self._blob(event, part, serializer.to_json(event, include=part.include)) for part in plan.parts
        ]
        return data[:-1] + SEALED_MARK + orjson.dumps(blobs) + b"}"

    def seal_state(self, event: Any, plan: Plan, state: dict[str, Any]) -> None:
        """In place: ``state``'s personal data sealed (any event given as its JSON state)."""
        blobs = [self._blob(event, part, orjson.dumps(_take(state, part.include))) for part in plan.parts]
        state[SEALED] = blobs

    def _blob(self, event: Any, part: Part, plaintext: bytes) -> list[Any]:
        ref = self._ref(event, part.kind)
        key = self._key(ref)
        subject_hex = ref.subject.hex
        if key is None:
            return [subject_hex, ref.purpose, None]
        nonce = os.urandom(NONCE_BYTES)
        body = self._cipher(key).encrypt(nonce, plaintext, _aad(subject_hex, ref.purpose))
        return [subject_hex, ref.purpose, base64.b64encode(nonce + body).decode("ascii")]

    def _ref(self, event: Any, kind: str) -> KeyRef:
        saving = SAVING.get()
        subject = saving.subjects.get(event.originator_id) if saving is not None else None
        if subject is None:
            raise PersonalDataError(
                f"{type(event).__qualname__} of {event.originator_id} holds personal data, but nobody said "
                "whose: aggregates are saved through AggregateStore.save, which does"
            )
        if kind == "contact":
            return KeyRef(subject.subject, CONTACT)
        if subject.documents_at is None:
            raise PersonalDataError(
                f"{type(event).__qualname__}: the documents of {subject.subject} have no date"
            )
        return KeyRef(subject.subject, documents(document_year(subject.documents_at, self._zone)))

    def _key(self, ref: KeyRef) -> bytes | None:
        """The key for one of this save's subjects; all of the save's keys are made at the first."""
        saving = SAVING.get()
        assert saving is not None
        if ref not in saving.keys:
            wanted = [r for r in self.refs_of(saving) if r not in saving.keys]
            if ref not in wanted:
                wanted.append(ref)
            made = self.keys.keys_for(wanted)
            saving.keys.update({r: made.get(r) for r in wanted})
        return saving.keys[ref]

    def refs_of(self, saving: SavedSubjects) -> list[KeyRef]:
        refs: list[KeyRef] = []
        for subject in saving.subjects.values():
            refs.extend(self.subject_refs(subject))
        return refs

    def subject_refs(self, subject: DataSubject) -> list[KeyRef]:
        refs = [KeyRef(subject.subject, CONTACT)]
        if subject.documents_at is not None:
            refs.append(KeyRef(subject.subject, documents(document_year(subject.documents_at, self._zone))))
        return refs

    def _cipher(self, key: bytes) -> AESGCM:
        cipher = self._ciphers.get(key)
        if cipher is None:
            if len(self._ciphers) > 100_000:
                self._ciphers.clear()
            cipher = self._ciphers[key] = AESGCM(key)
        return cipher

    # ---- reading ------------------------------------------------------------------------

    def open(self, topic: str, state: dict[str, Any]) -> dict[str, Any]:
        """In place: the personal data of one stored state put back (or erased)."""
        sealed = state.get(SEALED)
        if sealed is None:
            return state
        refs = [KeyRef(UUID(s), p) for s, p, _ in sealed]
        self._open(topic, state, refs, self.keys.existing(refs))
        return state

    def open_many(self, states: Sequence[tuple[str, dict[str, Any]]]) -> None:
        """In place, as ``open``; the keys of all of them looked up at once."""
        refs = {KeyRef(UUID(s), p): None for _, state in states for s, p, _ in state.get(SEALED) or ()}
        if not refs:
            return
        keys = self.keys.existing(list(refs))
        for topic, state in states:
            sealed = state.get(SEALED)
            if sealed is not None:
                self._open(topic, state, [KeyRef(UUID(s), p) for s, p, _ in sealed], keys)

    def _open(self, topic: str, state: dict[str, Any], refs: list[KeyRef], keys: dict[KeyRef, bytes]) -> None:
        sealed = state.pop(SEALED)
        closed = []
        for (subject_hex, purpose, body), ref in zip(sealed, refs, strict=True):
            key = keys.get(ref)
            if key is None or body is None:
                closed.append(purpose)
                continue
            raw = base64.b64decode(body)
            plain = self._cipher(key).decrypt(
                raw[:NONCE_BYTES], raw[NONCE_BYTES:], _aad(subject_hex, purpose)
            )
            _merge(state, orjson.loads(plain))
        if closed:
            plan = plan_of_topic(topic) or plan_of_snapshot(str(state.get("topic", "")))
            kinds = {"contact" if purpose == CONTACT else "documents" for purpose in closed}
            for part in plan.parts if plan is not None else ():
                if part.kind in kinds:
                    _erase(state, part.erased)
