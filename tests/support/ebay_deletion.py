"""An orderhub with an eBay channel that takes account deletion notifications from a simulated
eBay (the composition root's account deletion use case, erasing through its Erasure)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient

from simulators.ebay.app import create_app
from simulators.ebay.state import EbayMarketplace
from simulators.server import BackgroundServer
from tests.support.harness import Harness

CHANNEL = "ebay-de"
TOKEN = "orderhub-test-verification-token_0123456789"
PATH = f"/api/v1/channels/{CHANNEL}/ebay/account-deletion"
ENDPOINT = f"https://orderhub.example{PATH}"


@dataclass
class EbayDeletionWorld:
    h: Harness
    market: EbayMarketplace
    sim_url: str

    @property
    def public(self) -> TestClient:
        """A client without an API key, as eBay calls."""
        return TestClient(self.h.app, raise_server_exceptions=False)

    def buyers(self) -> dict[str, str]:
        """Each synced eBay buyer's user name → the id of the customer orderhub made of them."""
        found = {}
        for order in self.h.orders(channel=CHANNEL):
            payload = self.market.order(order["source"]["external_id"])
            found[payload["buyer"]["username"]] = order["customer_id"]
        return found

    def erased(self) -> list[str]:
        """The customers of this channel's orders that are erased now."""
        ids = sorted(set(self.buyers().values()))
        return [i for i in ids if self.h.client.get(f"/api/v1/customers/{i}").json()["erased_at"]]

    def open_order(self) -> str:
        """A new eBay order, not shipped nor cancelled, synced: its buyer's user name."""
        for _ in range(50):
            self.h.clock.advance(1)
            now = self.h.clock.now()
            [order_id] = self.market.generate(1, start=now, end=now)
            order = self.market.order(order_id)
            if (
                order["orderFulfillmentStatus"] == "NOT_STARTED"
                and order["cancelStatus"]["cancelState"] != "CANCELED"
            ):
                assert self.h.sync(CHANNEL)["complete"]
                return str(order["buyer"]["username"])
            self.market.cancel(order_id)
        raise AssertionError("the simulator made no open order in 50 tries")

    def post(self, username: str, mode: str = "signed", notification_id: str | None = None) -> Any:
        """A notification as the simulated eBay makes it, posted to orderhub without an API key."""
        document = self.market.notifications.notification(username, self.market.clock.now(), notification_id)
        body, headers = self.market.notifications.signed_request(document, mode)
        return self.public.post(PATH, content=body, headers=headers)


def close_every_order(market: EbayMarketplace) -> None:
    """Every order shipped or cancelled: nothing stops its buyer's erasure."""
    for index, order_id in enumerate(sorted(market.orders)):
        order = market.order(order_id)
        if (
            order["orderFulfillmentStatus"] == "FULFILLED"
            or order["cancelStatus"]["cancelState"] == "CANCELED"
        ):
            continue
        if index % 2:
            market.cancel(order_id)
        else:
            market.ship(order_id)


@contextmanager
def ebay_deletion_world(
    start_harness: Callable[..., Harness], endpoint: str = ENDPOINT, orders: int = 4
) -> Iterator[EbayDeletionWorld]:
    h = start_harness()
    market = EbayMarketplace(h.clock, seed=11)
    market.generate(orders)
    close_every_order(market)
    with BackgroundServer(create_app(market)) as server:
        settings = market.channel_settings(server.url) | {
            "deletion_verification_token": TOKEN,
            "deletion_endpoint_url": endpoint,
        }
        h.register_channel(CHANNEL, "ebay", settings)
        world = EbayDeletionWorld(h, market, server.url)
        assert h.sync(CHANNEL)["imported"] == orders
        yield world
