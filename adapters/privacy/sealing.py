"""Personal data inside stored events and snapshots, sealed under the person's key.

The mapper writes an event's JSON state without the paths its class declares personal
(``domain/privacy.py``) and adds them back sealed, one AES-GCM blob per key kind (contact,
documents) per event, under ``"_sealed"``: ``[[subject hex, purpose, base64(nonce | ciphertext | tag)
or null], ...]``, the last key of the JSON object. The blob names its key, so reading needs no
subject; its associated data is that name, so a blob moved under another name does not open. A blob
seals one JSON object of the values by dotted path (``{"order.buyer": {...}}``). A blob
whose key is destroyed, or ``null`` (written when the key was already destroyed: nothing is sealed
under a destroyed key), reads as the declared erased values.
"""

from __future__ import annotations

import os
from binascii import a2b_base64, b2a_base64
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import tzinfo
from functools import cache, lru_cache
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
NONCES_PER_CALL = 341
IDS = {"originator_id": True, "originator_version": True}


class PersonalDataError(RuntimeError):
    """An event with personal data was to be stored without anyone saying whose it is."""


def _no_date(_plaintext: bytes) -> bytes:
    raise PersonalDataError("an order's documents are to be sealed, but the order has no date")


@dataclass(frozen=True)
class Part:
    """The paths of one key kind: what to seal, and what they read as once erased."""

    kind: str
    erased: dict[str, Any]
    leaves: tuple[tuple[tuple[str, ...], bytes], ...]
    """Per path, its names and its key in the sealed JSON (``b'"order.buyer":'``)."""


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
        Part(
            kind,
            dict(paths),
            tuple((tuple(p.split(".")), orjson.dumps(p) + b":") for p in paths),
        )
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


_ABSENT = object()


def _leaf(obj: Any, names: tuple[str, ...]) -> Any:
    for name in names:
        if obj is None:
            return _ABSENT
        obj = obj.get(name, _ABSENT) if type(obj) is dict else getattr(obj, name, _ABSENT)
        if obj is _ABSENT:
            return _ABSENT
    return obj


_PLAIN = frozenset({dict, list, str, int, float, bool})


def _as_json(value: Any) -> bytes:
    if value is None:
        return b"null"
    if type(value) in _PLAIN:  # JSON data already (a snapshot's state, an identity claim's key)
        return orjson.dumps(value)
    return value.__pydantic_serializer__.to_json(value)  # type: ignore[no-any-return]


def _plaintext(obj: Any, part: Part) -> bytes:
    """The part's values as one JSON object, by dotted path: what a blob seals."""
    pieces = []
    for names, key in part.leaves:
        value = _leaf(obj, names)
        if value is not _ABSENT:
            pieces.append(key + _as_json(value))
    return b"{" + b",".join(pieces) + b"}"


def _take(state: dict[str, Any], part: Part) -> bytes:
    """Remove the part's paths from a JSON ``state``; what was removed, as ``_plaintext`` gives it."""
    plaintext = _plaintext(state, part)
    for *parents, leaf in (names for names, _ in part.leaves):
        node: Any = state
        for name in parents:
            node = node.get(name) if isinstance(node, dict) else None
        if isinstance(node, dict):
            node.pop(leaf, None)
    return plaintext


@lru_cache(maxsize=4096)  # the declared paths: a few dozen
def _names(path: str) -> tuple[tuple[str, ...], str]:
    *parents, leaf = path.split(".")
    return tuple(parents), leaf


def _put(state: dict[str, Any], opened: dict[str, Any]) -> None:
    """Put opened values back at their paths (where the parent is there: a null one holds nothing)."""
    for path, value in opened.items():
        parents, leaf = _names(path)
        node: Any = state
        for name in parents:
            node = node.get(name) if isinstance(node, dict) else None
        if isinstance(node, dict):
            node[leaf] = value


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
        self._refs: dict[tuple[str, str], KeyRef] = {}
        self._nonces: list[bytes] = []

    def _nonce(self) -> bytes:
        """A random 96-bit nonce, from a buffer of the system's randomness (one call per 4 KiB).
        ``list.pop`` is atomic: threads never share one, and no lock is taken per blob."""
        try:
            return self._nonces.pop()
        except IndexError:
            fresh = os.urandom(NONCE_BYTES * NONCES_PER_CALL)
            self._nonces.extend([fresh[n : n + NONCE_BYTES] for n in range(0, len(fresh), NONCE_BYTES)])
            return self._nonce()

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
        sealers = self._sealers(event)
        blobs = b",".join([sealers[part.kind](_plaintext(event, part)) for part in plan.parts])
        return b"".join((data[:-1], SEALED_MARK, b"[", blobs, b"]}"))

    def seal_state(self, event: Any, plan: Plan, state: dict[str, Any]) -> None:
        """In place: ``state``'s personal data sealed (any event given as its JSON state)."""
        sealers = self._sealers(event)
        state[SEALED] = [orjson.loads(sealers[part.kind](_take(state, part))) for part in plan.parts]

    def _sealers(self, event: Any) -> dict[str, Callable[[bytes], bytes]]:
        """Per key kind, what seals a plaintext for the event's subject. Made for all of a save's
        aggregates at its first event: their keys are looked up, and made, in one go."""
        saving = SAVING.get()
        prepared = saving.keys if saving is not None else {}
        sealers = prepared.get(event.originator_id)
        if sealers is None:
            if saving is None or event.originator_id not in saving.subjects:
                raise PersonalDataError(
                    f"{type(event).__qualname__} of {event.originator_id} holds personal data, but nobody "
                    "said whose: aggregates are saved through AggregateStore.save, which does"
                )
            self._prepare(saving)
            sealers = prepared[event.originator_id]
        return sealers  # type: ignore[no-any-return]

    def _prepare(self, saving: SavedSubjects) -> None:
        """Sealers for every aggregate of the save: one per key (an order and its customer share the
        contact key), all keys looked up, and made, in one go."""
        zone = self._zone
        refs: dict[tuple[int, str], KeyRef] = {}  # by (subject as int, purpose): UUID hashes in Python
        pairs: list[tuple[Any, KeyRef, KeyRef | None]] = []
        for aggregate_id, subject in saving.subjects.items():
            whose = subject.subject
            contact = refs.get((whose.int, CONTACT))
            if contact is None:
                contact = refs[whose.int, CONTACT] = KeyRef(whose, CONTACT)
            docs = None
            if subject.documents_at is not None:
                purpose = documents(document_year(subject.documents_at, zone))
                docs = refs.get((whose.int, purpose))
                if docs is None:
                    docs = refs[whose.int, purpose] = KeyRef(whose, purpose)
            pairs.append((aggregate_id, contact, docs))
        keys = self.keys.keys_for(list(refs.values()))
        sealers = {id(ref): self._sealer(ref, keys.get(ref)) for ref in refs.values()}
        for aggregate_id, contact, docs in pairs:
            saving.keys[aggregate_id] = {
                "contact": sealers[id(contact)],
                "documents": sealers[id(docs)] if docs is not None else _no_date,
            }

    def _sealer(self, ref: KeyRef, key: bytes | None) -> Callable[[bytes], bytes]:
        subject_hex, purpose = ref.subject.hex, ref.purpose
        if len(self._refs) < 200_000:  # what reading these blobs in this process will look up
            self._refs[subject_hex, purpose] = ref
        if key is None:  # destroyed: the data is not stored at all, and reads as erased
            nothing = orjson.dumps([subject_hex, purpose, None])
            return lambda _plaintext: nothing
        encrypt, aad, nonce, b64 = (
            self._cipher(key).encrypt,
            _aad(subject_hex, purpose),
            self._nonce,
            b2a_base64,
        )
        head = orjson.dumps([subject_hex, purpose])[:-1] + b',"'  # the blob's JSON up to its body

        def seal(plaintext: bytes) -> bytes:
            """``[subject hex, purpose, base64(nonce | ciphertext | tag)]`` as JSON."""
            fresh = nonce()
            return b"".join((head, b64(fresh + encrypt(fresh, plaintext, aad), newline=False), b'"]'))

        return seal

    def subject_refs(self, subject: DataSubject) -> list[KeyRef]:
        """The subject's contact key, and the documents key of the year of its date, if it has one."""
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
        refs = [self._ref(s, p) for s, p, _ in sealed]
        self._open(topic, state, refs, self.keys.existing(refs))
        return state

    def open_many(self, states: Sequence[tuple[str, dict[str, Any]]]) -> None:
        """In place, as ``open``; the keys of all of them looked up at once."""
        ref = self._ref
        named = [
            (topic, state, [ref(s, p) for s, p, _ in sealed])
            for topic, state in states
            if (sealed := state.get(SEALED)) is not None
        ]
        if not named:
            return
        keys = self.keys.existing(list({r: None for _, _, refs in named for r in refs}))
        for topic, state, refs in named:
            self._open(topic, state, refs, keys)

    def _ref(self, subject_hex: str, purpose: str) -> KeyRef:
        """The key a blob names; kept, since a rebuild meets each person's names again and again."""
        name = (subject_hex, purpose)
        ref = self._refs.get(name)
        if ref is None:
            if len(self._refs) > 200_000:
                self._refs.clear()
            ref = self._refs[name] = KeyRef(UUID(subject_hex), purpose)
        return ref

    def _open(self, topic: str, state: dict[str, Any], refs: list[KeyRef], keys: dict[KeyRef, bytes]) -> None:
        sealed = state.pop(SEALED)
        closed = []
        for (subject_hex, purpose, body), ref in zip(sealed, refs, strict=True):
            key = keys.get(ref)
            if key is None or body is None:
                closed.append(purpose)
                continue
            raw = a2b_base64(body)
            plain = self._cipher(key).decrypt(
                raw[:NONCE_BYTES], raw[NONCE_BYTES:], _aad(subject_hex, purpose)
            )
            _put(state, orjson.loads(plain))
        if closed:
            plan = plan_of_topic(topic) or plan_of_snapshot(str(state.get("topic", "")))
            kinds = {"contact" if purpose == CONTACT else "documents" for purpose in closed}
            for part in plan.parts if plan is not None else ():
                if part.kind in kinds:
                    _erase(state, part.erased)
