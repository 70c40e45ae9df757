"""Where channel settings (with their secrets) and sync leases are kept, outside the event log."""

from __future__ import annotations

from datetime import datetime
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

    def try_lease(self, name: str, owner: str, now: datetime, seconds: float) -> bool:
        """Take or renew the channel's sync lease; False while another owner holds an unexpired one."""
        ...

    def release(self, name: str, owner: str) -> None: ...
