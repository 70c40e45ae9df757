"""JTL-Shop and a JTL-Connector shop for the demo: shoppers keep ordering.

Both protocols are acknowledgement-based: the shop hands each order to the back office once, so
later changes made in the shop are not reported; only new orders flow in. Status changes flow the
other way: what is set in orderhub is pushed to the shop at the next sync and shows in the shop
(JTL-Shop's "Mein Konto" view, the connector shop's status changes).
"""

from __future__ import annotations

from collections import deque
from dataclasses import replace
from datetime import timedelta
from typing import Any

from entrypoints.demo.sources import ServedSimulator
from simulators.jtl_connector.app import ConnectorShop
from simulators.jtl_connector.app import create_app as connector_app
from simulators.jtl_connector.orders import BERLIN_SUMMER, generate_orders
from simulators.jtl_shop.app import JtlShopSimulator

CONNECTOR_TOKEN = "demo-connector-token"
CONNECTOR_POOL = 2000
"""Connector orders generated up front (one seeded batch: repeat buyers stay the same people)."""


class JtlShopSource(ServedSimulator):
    channel, kind, title = "jtl-shop-demo", "jtl-shop", "JTL-Shop"

    def __init__(self, seed: int, initial_orders: int) -> None:
        self.sim = JtlShopSimulator(seed=seed)
        self.sim.generate_orders(initial_orders)
        super().__init__(seed, self.sim.app)

    def settings(self) -> dict[str, Any]:
        return {"url": self.url, "username": self.sim.username, "password": self.sim.password}

    def tick(self) -> list[str]:
        count = self.arrivals()
        for _ in range(count):
            now = self.sim.state.now()
            order = self.sim.generator.order(self.sim.next_order_id(), now)
            self.sim.add_order(replace(order, created=now))
        return [f"+{count} new"]

    def shopper_url(self, external_id: str) -> str | None:
        """The shopper's view ("Mein Konto") of the order orderhub knows as ``external_id`` (kBestellung)."""
        if not external_id.isdigit():
            return None
        try:
            number = self.sim.order(int(external_id)).number
        except KeyError:
            return None
        return f"{self.url}/shop/account/orders/{number}"

    def hints(self) -> list[str]:
        first = min((o.order_id for o in self.sim.orders()), default=None)
        example = self.shopper_url(str(first)) if first is not None else None
        return [f"shopper's view of an order: {example}"] if example else []


class JtlConnectorSource(ServedSimulator):
    channel, kind, title = "jtl-connector-demo", "jtl-connector", "JTL-Connector"

    def __init__(self, seed: int, initial_orders: int) -> None:
        self.shop = ConnectorShop(token=CONNECTOR_TOKEN)
        self._seed, self._next_id = seed, 1000
        self._pool: deque[dict[str, Any]] = deque()
        # the first orders keep their creation dates (the last minutes), later ones are placed "now"
        start = self.shop.clock.now() - timedelta(minutes=7 * initial_orders)
        self._refill(start)
        for _ in range(initial_orders):
            self.shop.add_order(self._pool.popleft())
        super().__init__(seed, connector_app(self.shop))

    def _refill(self, start: Any = None) -> None:
        batch = generate_orders(CONNECTOR_POOL, self._seed, self._next_id, start)
        self._pool.extend(batch)
        self._seed, self._next_id = self._seed + 1, self._next_id + CONNECTOR_POOL

    @property
    def url(self) -> str:
        return super().url + "/jtlconnector/"

    def settings(self) -> dict[str, Any]:
        return {"url": self.url, "token": CONNECTOR_TOKEN}

    def tick(self) -> list[str]:
        count = self.arrivals()
        for _ in range(count):
            if not self._pool:
                self._refill()
            order = self._pool.popleft()
            order["creationDate"] = (
                self.shop.clock.now().astimezone(BERLIN_SUMMER).isoformat(timespec="seconds")
            )
            self.shop.add_order(order)
        return [f"+{count} new"]
