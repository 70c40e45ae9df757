"""The ``oscar`` channel kind (entry point ``orderhub.channels: oscar = orderhub_oscar.kind:KIND``)."""

from __future__ import annotations

from orderhub_oscar.channel import OscarChannel
from orderhub_oscar.settings import OscarSettings
from ports.channels import ChannelContext, ChannelKind, ChannelSettings


class OscarKind:
    name = "oscar"
    settings_model: type[ChannelSettings] = OscarSettings
    pulls_by_time = False
    """Oscar has no modified date: each sync re-reads the last ``lookback_days`` of orders."""

    def open(self, settings: ChannelSettings, context: ChannelContext) -> OscarChannel:
        if not isinstance(settings, OscarSettings):
            settings = OscarSettings.model_validate(settings.model_dump())
        return OscarChannel(settings, context)


KIND: ChannelKind = OscarKind()
"""Typed as the port so that mypy checks the kind (and the channel it opens) against the contract."""
