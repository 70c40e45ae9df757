"""The ``ebay`` channel kind, loaded by the registry as ``adapters.channels.ebay.kind:KIND``."""

from __future__ import annotations

from adapters.channels.ebay.account_deletion import EbayAccountDeletionEndpoint
from adapters.channels.ebay.channel import EbayChannel
from adapters.channels.ebay.settings import EbaySettings
from ports.channels import ChannelContext, ChannelKind, ChannelSettings


class EbayKind:
    name = "ebay"
    settings_model: type[ChannelSettings] = EbaySettings
    pulls_by_time = True

    def open(self, settings: ChannelSettings, context: ChannelContext) -> EbayChannel:
        if not isinstance(settings, EbaySettings):
            settings = EbaySettings.model_validate(settings.model_dump())
        return EbayChannel(settings, context)

    def account_deletion(
        self, settings: ChannelSettings, context: ChannelContext
    ) -> EbayAccountDeletionEndpoint | None:
        """The channel's Marketplace Account Deletion endpoint (ports/account_deletion.py), if its
        settings configure one."""
        if not isinstance(settings, EbaySettings):
            settings = EbaySettings.model_validate(settings.model_dump())
        if not settings.receives_account_deletions:
            return None
        return EbayAccountDeletionEndpoint(settings, context)


KIND: ChannelKind = EbayKind()
"""Typed as the port so that mypy checks the kind (and the channel it opens) against the contract."""
