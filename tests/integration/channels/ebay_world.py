"""A simulated eBay on a real port, a fake clock both sides share, and eBay channels aimed at it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx

from adapters.channels.ebay.channel import EbayChannel
from adapters.channels.ebay.oauth import TokenCache
from adapters.channels.ebay.settings import EbaySettings
from ports.channels import ChannelContext, PullWindow
from simulators.ebay.app import create_app
from simulators.ebay.state import EbayMarketplace
from simulators.server import BackgroundServer
from testkit.channel_plugins import FakeClock

START = datetime(2026, 11, 27, 12, 0, 0, tzinfo=UTC)
WINDOW = PullWindow(start=START - timedelta(days=30), end=START, first_sync=True)
"""A first sync's window reaching 30 days back from ``START``."""


@dataclass
class Sleeps:
    """Records the waits a channel asks for instead of sleeping."""

    seconds: list[float] = field(default_factory=list)

    def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


@dataclass
class World:
    market: EbayMarketplace
    url: str
    clock: FakeClock
    sleeps: Sleeps

    def channel(self, timeout: float = 5.0, **overrides: str) -> EbayChannel:
        settings = EbaySettings.model_validate(self.market.channel_settings(self.url) | overrides)
        context = ChannelContext(
            channel_name="ebay-test", clock=self.clock, sleep=self.sleeps, timeout_seconds=timeout
        )
        return EbayChannel(settings, context, cache=TokenCache())

    def user_token(self) -> str:
        form = {"grant_type": "refresh_token", "refresh_token": self.market.refresh_token}
        answer = httpx.post(
            f"{self.url}/identity/v1/oauth2/token",
            data=form,
            auth=(self.market.client_id, self.market.client_secret),
        )
        return str(answer.json()["access_token"])

    def get(self, path: str, token: str | None = None, **params: str) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token or self.user_token()}"}
        return httpx.get(f"{self.url}{path}", params=params, headers=headers)


@contextmanager
def ebay_world(clock: FakeClock | None = None, seed: int = 7) -> Iterator[World]:
    clock = clock or FakeClock(START)
    market = EbayMarketplace(clock, seed=seed)
    with BackgroundServer(create_app(market)) as server:
        yield World(market, server.url, clock, Sleeps())
