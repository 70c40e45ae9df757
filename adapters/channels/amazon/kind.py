"""The ``amazon`` channel kind: settings schema and how to open a channel."""

from __future__ import annotations

from pydantic import BaseModel

from adapters.channels.amazon.channel import AmazonChannel
from adapters.channels.amazon.settings import AmazonSettings
from ports.channels import ChannelContext


class AmazonKind:
    name = "amazon"
    settings_model: type[BaseModel] = AmazonSettings
    pulls_by_time = True

    def open(self, settings: BaseModel, context: ChannelContext) -> AmazonChannel:
        if not isinstance(settings, AmazonSettings):
            settings = AmazonSettings.model_validate(settings.model_dump())
        return AmazonChannel(settings, context)


KIND = AmazonKind()
