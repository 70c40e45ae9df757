"""API keys: made with a name and scopes, shown once, kept only as a hash, revoked by id."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Annotated, Any

from pydantic import StringConstraints, field_validator

from application.commands import Command
from domain.access import Scope, parse_scopes
from domain.errors import NotFoundError
from ports.api_keys import ApiKeyStore, StoredApiKey
from ports.clock import Clock

KeyName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]

LAST_USED_PRECISION = timedelta(minutes=1)
"""``last_used_at`` is written at most this often per key: a request costs no write of its own."""


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_api_key() -> str:
    return "oh_" + secrets.token_urlsafe(32)


class NewApiKey(Command):
    name: KeyName
    scopes: list[Scope]

    @field_validator("scopes", mode="before")
    @classmethod
    def _known_scopes(cls, value: Any) -> Any:
        """Name the unknown scopes (pydantic would only list the allowed values), refuse none."""
        if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            return list(parse_scopes(value))
        return value


class ApiKeys:
    def __init__(self, store: ApiKeyStore, clock: Clock) -> None:
        self._store, self._clock = store, clock

    def create(self, request: NewApiKey) -> tuple[StoredApiKey, str]:
        """The new key's record and the key itself: the only time it is seen."""
        key, now, scopes = new_api_key(), self._clock.now(), tuple(request.scopes)
        key_id = self._store.add_hash(key_hash(key), request.name, scopes, now)
        return StoredApiKey(key_id, request.name, scopes, now, last_used_at=None), key

    def all(self) -> list[StoredApiKey]:
        return self._store.all()

    def revoke(self, key_id: str) -> None:
        if not self._store.remove(key_id):
            raise NotFoundError("API key", key_id)

    def authenticate(self, key: str) -> StoredApiKey | None:
        """The stored key, or None; notes when it was last used (to the minute)."""
        found = self._store.find_hash(key_hash(key))
        if found is None:
            return None
        now = self._clock.now()
        if found.last_used_at is None or now - found.last_used_at >= LAST_USED_PRECISION:
            self._store.mark_used(found.id, now)
        return found
