"""What a store raises when the secret key in use cannot open the values it sealed (adapters/secrets/)."""

from __future__ import annotations

from typing import Any


class SecretKeyError(Exception):
    """Sealed values that the secret key in use cannot open: another key, or altered bytes.

    The message says what to set or do; it never holds a secret."""


class UnreadableChannelSecretsError(SecretKeyError):
    """A channel's secrets cannot be opened; what is not secret is still readable."""

    def __init__(self, message: str, name: str, kind: str, readable: dict[str, Any]) -> None:
        super().__init__(message)
        self.name, self.kind, self.readable = name, kind, readable
