"""The ``ebay`` channel kind, loaded by the registry as ``adapters.channels.ebay.kind:KIND``."""

from __future__ import annotations

from pydantic import BaseModel

from adapters.channels.ebay.channel import EbayChannel
from adapters.channels.ebay.settings import EbaySettings
from ports.channels import ChannelContext


class EbayKind:
    name = "ebay"
    settings_model: type[BaseModel] = EbaySettings
    pulls_by_time = True

    def open(self, settings: BaseModel, context: ChannelContext) -> EbayChannel:
        if not isinstance(settings, EbaySettings):
            settings = EbaySettings.model_validate(settings.model_dump())
        return EbayChannel(settings, context)


KIND = EbayKind()
