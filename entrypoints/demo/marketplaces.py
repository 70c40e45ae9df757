"""eBay and Amazon for the demo: their simulators, with buyers ordering, paying, and sellers shipping.

Both report changes by time (lastModifiedDate, LastUpdateDate), so what changes here reaches
orderhub at its next sync. Amazon's rate limits run ten times faster than Amazon's own, and Amazon
hands out nothing younger than two minutes, so its new orders are placed a little in the past
and its changes show about two minutes late, as with the real marketplace.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from entrypoints.demo.sources import ServedSimulator
from simulators.amazon.app import create_app as amazon_app
from simulators.amazon.generator import generate_orders, random_order
from simulators.amazon.state import AmazonSimulatorState
from simulators.ebay.app import create_app as ebay_app
from simulators.ebay.state import EbayMarketplace

DELETION_TOKEN = "orderhub-demo-account-deletion-token-0123456789"
"""The demo eBay channel's verification token (a real one is chosen in eBay's developer portal)."""
AMAZON_DE = "A1PA6795UKMFR9"
AMAZON_SPEEDUP = 60.0  # searchOrders allows one call per 3 minutes: a 10 s demo sync needs more
AMAZON_FRESHEST = timedelta(minutes=2, seconds=30)
"""New Amazon orders are placed this long ago (Amazon lists nothing updated in the last 2 minutes)."""


class EbaySource(ServedSimulator):
    channel, kind, title = "ebay-demo", "ebay", "eBay"

    def __init__(self, seed: int, initial_orders: int) -> None:
        self.market = EbayMarketplace(seed=seed)
        now = self.market.clock.now()
        self.market.generate(initial_orders, start=now - timedelta(days=5), end=now)
        super().__init__(seed, ebay_app(self.market))

    @property
    def deletion_endpoint(self) -> str:
        return f"{self.orderhub_api}/api/v1/channels/{self.channel}/ebay/account-deletion"

    def settings(self) -> dict[str, Any]:
        settings = self.market.channel_settings(self.url)
        if self.orderhub_api:
            settings |= {
                "deletion_verification_token": DELETION_TOKEN,
                "deletion_endpoint_url": self.deletion_endpoint,
            }
        return settings

    def api_ready(self) -> str | None:
        """Save the deletion endpoint at the simulated eBay, which checks it as eBay does (challenge)."""
        if not self.orderhub_api:
            return None
        if self.market.subscribe_account_deletion(self.deletion_endpoint, DELETION_TOKEN):
            return "account deletion endpoint verified by eBay's challenge"
        return "account deletion endpoint: eBay's challenge FAILED"

    def hints(self) -> list[str]:
        sample = (self.market.buyer_usernames() or ["<buyer>"])[0]
        send = f"curl -s -X POST '{self.url}/_sim/account-deletion' -H 'Content-Type: application/json'"
        return [
            f'an eBay user deletes their account:  {send} -d \'{{"username": "{sample}"}}\'',
            f'  a forged one (412):  {send} -d \'{{"username": "{sample}", "mode": "tampered"}}\'',
        ]

    def tick(self) -> list[str]:
        with self.market.lock:
            open_orders = [
                order_id
                for order_id, stored in self.market.orders.items()
                if (stored.payload.get("cancelStatus") or {}).get("cancelState") != "CANCELED"
                and stored.payload.get("orderFulfillmentStatus") != "FULFILLED"
            ]
        now = self.market.clock.now()
        notes = [f"+{len(self.market.generate(self.arrivals(), start=now, end=now))} new"]
        notes.extend(f"{order_id} {self._change(order_id)}" for order_id in self.to_change(open_orders))
        return notes

    def _change(self, order_id: str) -> str:
        order = self.market.order(order_id)
        roll = self.rng.random()
        if order.get("orderPaymentStatus") != "PAID":
            if roll < 0.2:
                self.market.cancel(order_id)
                return "cancelled by the buyer"
            self.market.pay(order_id)
            return "paid"
        if roll < 0.1:
            self.market.cancel(order_id, initiator="Seller")
            return "cancelled by the seller"
        lines = [
            line["lineItemId"]
            for line in order["lineItems"]
            if line.get("lineItemFulfillmentStatus") != "FULFILLED"
        ]
        tracking = f"00340434{self.rng.randrange(10**12):012d}"
        self.market.ship(order_id, lines, carrier="DHL", tracking=tracking)
        return f"shipped (DHL {tracking})"


class AmazonSource(ServedSimulator):
    channel, kind, title = "amazon-demo", "amazon", "Amazon"

    def __init__(self, seed: int, initial_orders: int) -> None:
        self.state = AmazonSimulatorState(speedup=AMAZON_SPEEDUP)
        generate_orders(self.state, initial_orders, seed=seed)
        super().__init__(seed, amazon_app(self.state))

    def settings(self) -> dict[str, Any]:
        return {
            "api_base_url": self.url,
            "token_url": f"{self.url}/auth/o2/token",
            "client_id": self.state.client_id,
            "client_secret": self.state.client_secret,
            "refresh_token": self.state.refresh_token,
            "marketplace_ids": [AMAZON_DE],
            "max_wait_seconds": 10,
        }

    def tick(self) -> list[str]:
        with self.state.lock:
            open_orders = [
                order_id
                for order_id, order in self.state.orders.items()
                if order.status in ("Pending", "Unshipped", "PartiallyShipped")
            ]
        count = self.arrivals()
        for _ in range(count):
            placed = self.state.clock.now() - AMAZON_FRESHEST - timedelta(seconds=self.rng.randint(0, 30))
            order = random_order(self.rng, placed, "Pending" if self.rng.random() < 0.3 else "Unshipped")
            order.last_update = placed
            self.state.add_order(order)
        notes = [f"+{count} new"]
        notes.extend(f"{order_id} {self._change(order_id)}" for order_id in self.to_change(open_orders))
        return notes

    def _change(self, order_id: str) -> str:
        with self.state.lock:
            status = self.state.orders[order_id].status
        roll = self.rng.random()
        if status != "PartiallyShipped" and roll < 0.15:
            self.state.cancel(order_id)
            return "cancelled"
        if status == "Pending":
            self.state.authorise(order_id)
            return "payment authorised"
        if status == "Unshipped" and roll < 0.3:
            self.state.request_cancellation(order_id, "Bestellung versehentlich aufgegeben")
            return "buyer asked to cancel"
        tracking = f"00340434{self.rng.randrange(10**12):012d}"
        self.state.ship(order_id, tracking=("DHL", tracking))
        return f"shipped in Seller Central (DHL {tracking})"
