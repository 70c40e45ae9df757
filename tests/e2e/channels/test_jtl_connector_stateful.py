"""Random interleavings of shop changes, lost acks, dying sessions and syncs through the HTTP API.

However they interleave, orderhub ends with exactly the orders the shop delivered (no duplicates, no
losses), each in the status last observed, with one StatusSynced per observed change. The shop keeps
fewer than 100 unacknowledged orders, so every sync observes all of them in one pull.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, precondition, rule

from adapters.channels.jtl_connector.mapping import map_status
from domain.status import OrderStatus
from simulators.jtl_connector.app import ConnectorShop, create_app
from simulators.server import BackgroundServer
from tests.support.harness import Harness

# Forward moves a shop makes (the shop never reopens a shipped or cancelled order).
NEXT: dict[tuple[str, str], list[tuple[str, str]]] = {
    ("new", "unpaid"): [("new", "completed"), ("cancelled", "unpaid"), ("shipped", "unpaid")],
    ("new", "completed"): [
        ("partially_shipped", "completed"),
        ("shipped", "completed"),
        ("cancelled", "completed"),
    ],
    ("partially_shipped", "completed"): [("shipped", "completed")],
    ("shipped", "unpaid"): [("shipped", "completed")],
}


class ShopAndOrderhub(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.harness = Harness.start()
        self.shop = ConnectorShop(token="t", clock=self.harness.clock)
        self.server = BackgroundServer(create_app(self.shop)).start()
        self.harness.register_channel("woo", "jtl-connector", {"url": self.server.url, "token": "t"})
        self.observed: dict[str, list[OrderStatus]] = {}
        self.ack_will_fail = False

    def teardown(self) -> None:
        self.server.stop()
        self.harness.close()

    def unlinked(self) -> list[str]:
        return sorted(ep for ep in self.shop.orders if not self.shop.is_linked(ep))

    @precondition(lambda self: len(self.shop.orders) < 60)
    @rule(count=st.integers(1, 8), seed=st.integers(0, 10_000))
    def shop_takes_orders(self, count: int, seed: int) -> None:
        for ep in self.shop.add_generated_orders(count, seed=seed):
            self.shop.set_status(ep, "new", "unpaid")

    @precondition(lambda self: any(self._movable()))
    @rule(data=st.data())
    def shop_moves_an_order_on(self, data: st.DataObject) -> None:
        ep = data.draw(st.sampled_from(self._movable()))
        order = self.shop.orders[ep]
        self.shop.set_status(ep, *data.draw(st.sampled_from(NEXT[(order["status"], order["paymentStatus"])])))

    def _movable(self) -> list[str]:
        return [
            ep
            for ep in self.unlinked()
            if (self.shop.orders[ep]["status"], self.shop.orders[ep]["paymentStatus"]) in NEXT
        ]

    @rule()
    def next_ack_gets_lost(self) -> None:
        if not self.ack_will_fail:
            self.shop.inject_error("core.connector.ack", code=500, message="connection reset")
            self.ack_will_fail = True

    @rule()
    def sessions_expire(self) -> None:
        self.shop.expire_all_sessions()

    @rule()
    def sync(self) -> None:
        pending = self.unlinked()
        for ep in pending:
            status = map_status(self.shop.orders[ep]["status"], self.shop.orders[ep]["paymentStatus"])
            seen = self.observed.setdefault(ep, [])
            if not seen or seen[-1] is not status:
                seen.append(status)
        summary = self.harness.sync("woo")
        lost = self.ack_will_fail and bool(pending)
        self.ack_will_fail = self.ack_will_fail and not pending
        assert summary["complete"] is not lost
        assert all(self.shop.is_linked(ep) is not lost for ep in pending)
        self.check_order_book(pending)

    def check_order_book(self, just_pulled: list[str]) -> None:
        orders = self.harness.orders(channel="woo")
        by_ep = {o["source"]["external_id"]: o for o in orders}
        assert len(by_ep) == len(orders) and sorted(by_ep) == sorted(self.observed)
        assert all(by_ep[ep]["status"] == seen[-1] for ep, seen in self.observed.items())
        for ep in just_pulled:  # the others have not been delivered again, so their events did not change
            events = [e["type"] for e in self.harness.events(by_ep[ep]["id"])]
            assert events.count("StatusSynced") == len(self.observed[ep]) - 1, (ep, self.observed[ep], events)


ShopAndOrderhub.TestCase.settings = settings(
    max_examples=10, stateful_step_count=10, deadline=None, suppress_health_check=list(HealthCheck)
)
TestShopAndOrderhub = ShopAndOrderhub.TestCase
