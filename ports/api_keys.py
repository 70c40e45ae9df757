"""The API key port: keys are stored only as hashes, each with its name and scopes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from domain.access import Scope


@dataclass(frozen=True)
class StoredApiKey:
    id: str
    name: str
    scopes: tuple[Scope, ...]
    created_at: datetime
    last_used_at: datetime | None


class ApiKeyStore(Protocol):
    def has_any(self) -> bool: ...

    def add_hash(
        self,
        key_hash: str,
        label: str,
        scopes: tuple[Scope, ...] = (Scope.ADMIN,),
        created_at: datetime | None = None,
    ) -> str:
        """Stores a key's hash; returns the new key's id."""
        ...

    def contains_hash(self, key_hash: str) -> bool: ...

    def find_hash(self, key_hash: str) -> StoredApiKey | None: ...

    def all(self) -> list[StoredApiKey]: ...

    def remove(self, key_id: str) -> bool:
        """Whether there was such a key."""
        ...

    def mark_used(self, key_id: str, when: datetime) -> None: ...
