"""The API key port: keys are stored only as hashes."""

from __future__ import annotations

from typing import Protocol


class ApiKeyStore(Protocol):
    def has_any(self) -> bool: ...

    def add_hash(self, key_hash: str, label: str) -> None: ...

    def contains_hash(self, key_hash: str) -> bool: ...
