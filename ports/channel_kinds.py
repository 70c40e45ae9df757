"""The installed channel kinds, as the use cases and entrypoints see them (the registry adapter
finds them: built-in kinds and plug-ins)."""

from __future__ import annotations

from typing import Protocol

from ports.channels import ChannelKind


class InstalledKinds(Protocol):
    @property
    def kinds(self) -> dict[str, ChannelKind]:
        """Kind name -> the kind."""
        ...

    @property
    def origins(self) -> dict[str, str]:
        """Kind name -> "built-in" or the distribution that provides it."""
        ...

    @property
    def failures(self) -> dict[str, str]:
        """Plug-ins that could not be loaded -> why."""
        ...

    def get(self, name: str) -> ChannelKind | None: ...
