"""``ports.personal_keys.PersonalKeys`` in memory, keeping what was destroyed: for use-case tests
that check which keys erasure and retention destroy, apart from how the keys are stored."""

from __future__ import annotations

import os
from uuid import UUID

from ports.personal_keys import CONTACT, KeyDestroyedError, KeyRef


class MemoryPersonalKeys:
    def __init__(self) -> None:
        self.keys: dict[KeyRef, bytes] = {}
        self.destroyed: set[KeyRef] = set()

    def key_for(self, ref: KeyRef) -> bytes:
        if ref in self.destroyed:
            raise KeyDestroyedError(f"{ref.purpose} key of {ref.subject} is destroyed")
        return self.keys.setdefault(ref, os.urandom(32))

    def keys_for(self, refs: list[KeyRef]) -> dict[KeyRef, bytes]:
        return {r: self.key_for(r) for r in refs if r not in self.destroyed}

    def existing(self, refs: list[KeyRef]) -> dict[KeyRef, bytes]:
        return {r: self.keys[r] for r in refs if r in self.keys}

    def destroy(self, subject: UUID, purposes: list[str] | None = None) -> int:
        doomed = [
            r for r in self.keys if r.subject == subject and (purposes is None or r.purpose in purposes)
        ]
        return self._destroy(doomed)

    def destroy_documents_until(self, year: int) -> int:
        doomed = [r for r in self.keys if r.purpose != CONTACT and int(r.purpose.split(":")[1]) <= year]
        return self._destroy(doomed)

    def _destroy(self, doomed: list[KeyRef]) -> int:
        for ref in doomed:
            del self.keys[ref]
            self.destroyed.add(ref)
        return len(doomed)
