"""Where channel settings (with their secrets) are kept, outside the event log (leases: ports/leases.py)."""

from __future__ import annotations

from typing import Any, Protocol


class ChannelSettingsStore(Protocol):
    def put(self, name: str, kind: str, settings: dict[str, Any]) -> None:
        """Store the full settings (secrets in clear) of a channel; replaces earlier ones."""
        ...

    def get(self, name: str) -> tuple[str, dict[str, Any]] | None:
        """``(kind, settings)`` or None."""
        ...

    def names(self) -> list[str]: ...
