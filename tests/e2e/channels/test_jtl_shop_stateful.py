"""Random interleavings of shop orders, lost or failed acknowledgements, bad orders and syncs.

Whatever happens, orderhub never holds an order twice, and once the faults are gone one more sync
leaves its order book equal to the shop's orders, with the shop's totals.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from simulators.jtl_shop.app import JtlShopSimulator
from simulators.server import BackgroundServer
from tests.support.harness import Harness

CHANNEL = "shop"


class ShopSyncMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.harness = Harness.start()
        self.shop = JtlShopSimulator(seed=1, clock=self.harness.clock)
        self.server = BackgroundServer(self.shop.app).start()
        settings_ = {"url": self.server.url, "username": "wawi", "password": "secret"}
        self.harness.register_channel(CHANNEL, "jtl-shop", settings_)
        self.broken: set[int] = set()

    @rule(count=st.integers(min_value=1, max_value=130))
    def shoppers_order(self, count: int) -> None:
        self.shop.generate_orders(count)

    @rule()
    def an_acknowledgement_gets_lost(self) -> None:
        self.shop.lose_next_acks()

    @rule()
    def the_shop_is_down_while_acknowledging(self) -> None:
        self.shop.fail_next("down", status=503, handler="Bestellungen_xml", times=5)

    @precondition(lambda self: bool(self.shop.unfetched()))
    @rule(data=st.data())
    def an_order_becomes_unparsable(self, data: st.DataObject) -> None:
        order = data.draw(st.sampled_from(self.shop.unfetched()))
        self.shop.break_order(order.order_id)
        self.broken.add(order.order_id)

    @rule()
    def sync(self) -> None:
        self.harness.sync(CHANNEL)

    @invariant()
    def never_a_duplicate(self) -> None:
        ids = [o["source"]["external_id"] for o in self.harness.orders(channel=CHANNEL)]
        assert len(ids) == len(set(ids))

    def teardown(self) -> None:
        try:
            for order_id in self.broken:
                self.shop.repair_order(order_id)
            self.shop.state.canned.clear()
            self.shop.state.lost_acks = 0
            for _ in range(10):  # each sync takes 100 at a time
                if not self.shop.unfetched():
                    break
                assert self.harness.sync(CHANNEL)["complete"]
            assert self.shop.unfetched() == []
            book = {
                o["source"]["external_id"]: Decimal(o["total"]) for o in self.harness.orders(channel=CHANNEL)
            }
            assert book == {str(o.order_id): o.gross_total for o in self.shop.orders()}
            assert self.harness.quarantine(CHANNEL) == []
        finally:
            self.server.stop()
            self.harness.close()


ShopSyncMachine.TestCase.settings = settings(max_examples=8, stateful_step_count=8, deadline=None)
test_shop_and_order_book_agree_after_any_interleaving = ShopSyncMachine.TestCase
