"""An orderhub with an eBay channel that takes account deletion notifications from a simulated eBay."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from fastapi.testclient import TestClient

from adapters.persistence.account_deletions import SqlAccountDeletionLog
from adapters.persistence.sequences import SqlNumberSequence
from application.acting import current_actor
from application.customer_matching import CustomerMatcher
from application.ebay_account_deletion import AccountDeletions, ChannelBuyers
from domain.actor import Actor
from domain.errors import DomainError
from simulators.ebay.app import create_app
from simulators.ebay.state import EbayMarketplace
from simulators.server import BackgroundServer
from tests.support.harness import Harness

CHANNEL = "ebay-de"
TOKEN = "orderhub-test-verification-token_0123456789"
PATH = f"/api/v1/channels/{CHANNEL}/ebay/account-deletion"
ENDPOINT = f"https://orderhub.example{PATH}"


@dataclass
class RecordingErasure:
    """Stands for application/erasure.py until it is merged: records who was erased, by whom;
    ``refusing`` customers raise as an open order does."""

    erased: list[tuple[UUID, str, Actor]] = field(default_factory=list)
    refusing: set[UUID] = field(default_factory=set)

    def erase(self, customer_id: UUID, reason: str) -> None:
        if customer_id in self.refusing:
            raise DomainError(f"customer {customer_id} has an order still open")
        self.erased.append((customer_id, reason, current_actor()))


@dataclass
class EbayDeletionWorld:
    h: Harness
    market: EbayMarketplace
    sim_url: str
    erasure: RecordingErasure

    @property
    def public(self) -> TestClient:
        """A client without an API key, as eBay calls."""
        client = TestClient(self.h.app, raise_server_exceptions=False)
        return client

    def buyers(self) -> dict[str, str]:
        """Each synced eBay buyer's user name → the id of the customer orderhub made of them."""
        found = {}
        for order in self.h.orders(channel=CHANNEL):
            payload = self.market.order(order["source"]["external_id"])
            found[payload["buyer"]["username"]] = order["customer_id"]
        return found

    def post(self, username: str, mode: str = "signed", notification_id: str | None = None) -> Any:
        """A notification as the simulated eBay makes it, posted to orderhub without an API key."""
        document = self.market.notifications.notification(username, self.market.clock.now(), notification_id)
        body, headers = self.market.notifications.signed_request(document, mode)
        return self.public.post(PATH, content=body, headers=headers)


def wire_account_deletions(h: Harness, erasure: RecordingErasure) -> None:
    services = h.services
    matcher = CustomerMatcher(services.book, SqlNumberSequence(services.db))
    services.account_deletions = AccountDeletions(
        services.channels,
        SqlAccountDeletionLog(services.db),
        erasure,
        ChannelBuyers(matcher),
        services.clock,
        h.sleep,
    )


@contextmanager
def ebay_deletion_world(
    start_harness: Callable[..., Harness], endpoint: str = ENDPOINT, orders: int = 4
) -> Iterator[EbayDeletionWorld]:
    h = start_harness()
    market = EbayMarketplace(h.clock, seed=11)
    market.generate(orders)
    with BackgroundServer(create_app(market)) as server:
        settings = market.channel_settings(server.url) | {
            "deletion_verification_token": TOKEN,
            "deletion_endpoint_url": endpoint,
        }
        h.register_channel(CHANNEL, "ebay", settings)
        erasure = RecordingErasure()
        wire_account_deletions(h, erasure)
        world = EbayDeletionWorld(h, market, server.url, erasure)
        assert h.sync(CHANNEL)["imported"] == orders
        yield world
