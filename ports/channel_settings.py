"""Where channel settings (with their secrets) are kept, outside the event log (leases: ports/leases.py)."""

from __future__ import annotations

from typing import Any, Protocol


class ChannelSettingsStore(Protocol):
    def put(self, name: str, kind: str, settings: dict[str, Any], secrets: dict[str, Any]) -> None:
        """Store a channel's settings and (sealed, never in clear) its secrets; replaces earlier ones."""
        ...

    def get(self, name: str) -> tuple[str, dict[str, Any]] | None:
        """``(kind, settings with the secrets opened)`` or None; raises
        ``ports.secrets.UnreadableChannelSecretsError`` when the secret key cannot open them."""
        ...

    def names(self) -> list[str]: ...

    def delete(self, name: str) -> None:
        """Forget a channel's settings and secrets (a removed channel); nothing when there are none."""
        ...
