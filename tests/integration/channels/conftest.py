"""Fixtures shared by the eBay integration tests: a fresh simulated eBay, and a channel aimed at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from adapters.channels.ebay.channel import EbayChannel
from testkit.channel_plugins import FakeClock
from tests.integration.channels.ebay_world import START, World, ebay_world


@pytest.fixture
def world() -> Iterator[World]:
    """A simulated eBay of its own, with no orders yet, on a clock standing at ``START``."""
    with ebay_world(FakeClock(START)) as fresh:
        yield fresh


@pytest.fixture
def channel(world: World) -> Iterator[EbayChannel]:
    opened = world.channel()
    yield opened
    opened.close()
