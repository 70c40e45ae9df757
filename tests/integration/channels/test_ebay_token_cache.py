"""The process-wide eBay token cache never hands one channel's token to another's credentials."""

from __future__ import annotations

import pytest

from adapters.channels.ebay.channel import EbayChannel
from adapters.channels.ebay.oauth import CLIENT_REJECTED, TokenCache
from adapters.channels.ebay.settings import EbaySettings
from ports.channels import ChannelContext, PermanentChannelError
from tests.integration.channels.ebay_world import WINDOW, World


def open_channel(world: World, cache: TokenCache, **overrides: str) -> EbayChannel:
    settings = EbaySettings.model_validate(world.market.channel_settings(world.url) | overrides)
    context = ChannelContext(channel_name="ebay-test", clock=world.clock, sleep=world.sleeps)
    return EbayChannel(settings, context, cache=cache)


def test_a_wrong_secret_is_refused_even_when_the_right_one_left_a_token_in_the_cache(world: World) -> None:
    world.market.generate(2)
    cache = TokenCache()
    genuine = open_channel(world, cache)
    assert sum(len(page.orders) for page in genuine.pull(WINDOW, None)) == 2
    impostor = open_channel(world, cache, client_secret="guessed")
    with pytest.raises(PermanentChannelError) as refused:
        list(impostor.pull(WINDOW, None))
    assert str(refused.value) == CLIENT_REJECTED
    genuine.close()
    impostor.close()


def test_the_same_credentials_share_one_token(world: World) -> None:
    cache = TokenCache()
    for _ in range(2):
        channel = open_channel(world, cache)
        list(channel.pull(WINDOW, None))
        channel.close()
    assert world.market.calls.count("POST /identity/v1/oauth2/token") == 1
