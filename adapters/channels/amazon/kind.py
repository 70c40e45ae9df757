"""The ``amazon`` channel kind: settings schema and how to open a channel."""

from __future__ import annotations

from adapters.channels.amazon.channel import AmazonChannel
from adapters.channels.amazon.settings import AmazonSettings
from ports.channels import ChannelContext, ChannelKind, ChannelSettings


class AmazonKind:
    name = "amazon"
    settings_model: type[ChannelSettings] = AmazonSettings
    pulls_by_time = True

    def open(self, settings: ChannelSettings, context: ChannelContext) -> AmazonChannel:
        if not isinstance(settings, AmazonSettings):
            settings = AmazonSettings.model_validate(settings.model_dump())
        return AmazonChannel(settings, context)


KIND: ChannelKind = AmazonKind()
"""Typed as the port so that mypy checks the kind (and the channel it opens) against the contract."""
