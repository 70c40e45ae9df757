"""Fetching eBay's notification keys: an application token, one call per key id an hour, and
whatever keeps the key away is "try again later", except a key id eBay does not know."""

from __future__ import annotations

import httpx
import pytest

from adapters.channels.ebay.notification_keys import ATTEMPTS, EbayNotificationKeys, PublicKeyCache
from adapters.channels.ebay.oauth import EbayTokens, TokenCache
from ports.account_deletion import UnverifiedNotificationError, VerificationUnavailableError
from tests.integration.channels.ebay_world import World


def keys(
    world: World, secret: str | None = None, base: str | None = None, timeout: float = 5
) -> EbayNotificationKeys:
    http = httpx.Client(timeout=timeout)
    tokens = EbayTokens(
        http,
        token_url=f"{world.url}/identity/v1/oauth2/token",
        client_id=world.market.client_id,
        client_secret=secret or world.market.client_secret,
        refresh_token=None,
        clock=world.clock,
        sleep=world.sleeps,
        cache=TokenCache(),
        attempts=ATTEMPTS,
    )
    return EbayNotificationKeys(http, base or world.url, tokens, world.clock, world.sleeps, PublicKeyCache())


def test_the_key_comes_with_an_application_token_and_is_cached_an_hour(world: World) -> None:
    fetcher, kid = keys(world), world.market.notifications.key_id
    first = fetcher.public_key(kid)
    assert first.public_numbers() == world.market.notifications.key.public_key().public_numbers()
    assert fetcher.public_key(kid) is first
    assert world.market.auth.grants_served == ["client_credentials"]
    assert world.market.notifications.key_requests == [kid]
    world.clock.advance(minutes=59)
    fetcher.public_key(kid)
    assert len(world.market.notifications.key_requests) == 1
    world.clock.advance(minutes=2)
    fetcher.public_key(kid)
    assert len(world.market.notifications.key_requests) == 2
    assert world.market.auth.grants_served == ["client_credentials"]  # the token lasts two hours


def test_an_expired_token_is_renewed_once(world: World) -> None:
    fetcher = keys(world)
    fetcher.public_key(world.market.notifications.key_id)
    world.market.expire_access_tokens()
    world.clock.advance(minutes=61)
    fetcher.public_key(world.market.notifications.key_id)
    assert world.market.auth.grants_served == ["client_credentials", "client_credentials"]


def test_a_key_id_eBay_does_not_know_refuses_the_notification_and_is_not_asked_again_soon(
    world: World,
) -> None:
    fetcher, made_up = keys(world), "6f1c0c1e-0000-4000-8000-000000000000"
    for _ in range(3):
        with pytest.raises(UnverifiedNotificationError, match="knows no public key"):
            fetcher.public_key(made_up)
    assert world.market.notifications.key_requests == [made_up]
    world.clock.advance(minutes=11)
    with pytest.raises(UnverifiedNotificationError):
        fetcher.public_key(made_up)
    assert world.market.notifications.key_requests == [made_up, made_up]
    fetcher.public_key(world.market.notifications.key_id)  # a real one is still fetched


@pytest.mark.parametrize("fault", ["503", "500", "429", "html", "garbage", "timeout"])
def test_ebay_failing_is_try_again_later(world: World, fault: str) -> None:
    world.market.faults.inject(fault, times=None, target="notification", seconds=1.5)
    with pytest.raises(VerificationUnavailableError, match="eBay sends it again") as caught:
        keys(world, timeout=0.5).public_key(world.market.notifications.key_id)
    assert caught.value.retry_after_seconds > 0


def test_refused_application_keys_are_try_again_later(world: World) -> None:
    with pytest.raises(VerificationUnavailableError, match="rejected the application keys"):
        keys(world, secret="wrong").public_key(world.market.notifications.key_id)


def test_ebay_unreachable_is_try_again_later(world: World) -> None:
    with pytest.raises(VerificationUnavailableError, match="cannot connect"):
        keys(world, base="http://127.0.0.1:9").public_key("kid")
