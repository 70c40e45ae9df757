"""The demo's order sources: a simulator, the settings of the channel that talks to it, and a tick.

A source is one of the product's channel simulators (or the django-oscar test shop), started on a
free loopback port. ``tick`` plays the outside world for a moment: a few shoppers order, a few
orders get paid, shipped or cancelled where the channel reports such changes.
"""

from __future__ import annotations

import random
from abc import ABC, abstractmethod
from typing import Any

from simulators.server import BackgroundServer

ARRIVALS = (1, 3)
"""New orders per source and tick (inclusive range)."""
CHANGES = (0, 2)
"""Orders changed per source and tick, where the channel reports changes."""


class DemoSource(ABC):
    channel: str
    """The orderhub channel's name."""
    kind: str
    title: str
    orderhub_api: str = ""
    """Where orderhub's API answers (set by the demo before ``settings``), for sources that call it."""

    def __init__(self, seed: int) -> None:
        # not random.Random(seed): the simulators' own generators use that stream (same ids again)
        self.rng = random.Random(f"orderhub-demo-{seed}")

    @property
    @abstractmethod
    def url(self) -> str: ...

    @abstractmethod
    def start(self) -> None: ...

    @abstractmethod
    def settings(self) -> dict[str, Any]:
        """The channel settings (``kind.settings_model``) that reach this source."""

    @abstractmethod
    def tick(self) -> list[str]:
        """Let orders arrive and change; returns what happened, short, for the console."""

    def hints(self) -> list[str]:
        """Where to look at this source, beyond its URL."""
        return []

    def api_ready(self) -> str | None:
        """orderhub's API answers now: what the source did with it, for the console (None: nothing)."""
        return None

    @abstractmethod
    def stop(self) -> None: ...

    def arrivals(self) -> int:
        return self.rng.randint(*ARRIVALS)

    def to_change(self, candidates: list[str]) -> list[str]:
        """A few of ``candidates`` (ids of orders that can still change) to change now."""
        return self.rng.sample(sorted(candidates), min(self.rng.randint(*CHANGES), len(candidates)))


class ServedSimulator(DemoSource):
    """A simulator that is an ASGI app, served in a thread of this process."""

    def __init__(self, seed: int, app: Any, host: str = "127.0.0.1") -> None:
        super().__init__(seed)
        self._server = BackgroundServer(app, host=host)

    @property
    def url(self) -> str:
        return self._server.url

    def start(self) -> None:
        self._server.start()

    def stop(self) -> None:
        self._server.stop()


def builtin_sources(seed: int, initial_orders: int) -> list[DemoSource]:
    """eBay, Amazon, JTL-Shop and JTL-Connector, each with ``initial_orders`` orders waiting."""
    from entrypoints.demo.marketplaces import AmazonSource, EbaySource
    from entrypoints.demo.shops import JtlConnectorSource, JtlShopSource

    return [
        EbaySource(seed, initial_orders),
        AmazonSource(seed + 1, initial_orders),
        JtlShopSource(seed + 2, initial_orders),
        JtlConnectorSource(seed + 3, initial_orders),
    ]
