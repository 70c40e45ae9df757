"""Random interleavings of Amazon marketplace changes, faults and syncs.

After every sync orderhub's order book equals the marketplace: one order per AmazonOrderId, the
mapped status, Amazon's total to the cent (proceeds.grandTotal, tips included), the buyer's
cancellation request while it is open, and exactly one StatusSynced or DetailsSynced per change a sync observed
(also for changes Amazon dates back into the overlap, and after 429 storms or an expired token).
Orders v2026-01-01 only: no call of a removed v0 read operation is ever made.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, precondition, rule

from adapters.channels.amazon.mapping import map_order
from simulators.amazon.app import create_app
from simulators.amazon.orders import SimOrder
from simulators.amazon.state import AmazonSimulatorState
from simulators.server import BackgroundServer
from tests.integration.channels.amazon_fixtures import settings_for, sim_order
from tests.support.harness import Harness

CHANNEL = "amazon-de"


class AmazonSyncMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.harness = Harness.start()
        self.amazon = AmazonSimulatorState(clock=self.harness.clock)
        self.server = BackgroundServer(create_app(self.amazon)).start()
        self.harness.register_channel(
            CHANNEL, "amazon", settings_for(self.server.url, self.amazon, max_wait_seconds=3600)
        )
        self.numbers = iter(range(1, 10_000))
        self.corrupted: set[str] = set()
        self.observed: dict[str, list[str]] = {}
        """Per order, the distinct consecutive contents the syncs saw (as fingerprints)."""

    def _orders(self, *statuses: str) -> list[SimOrder]:
        return [o for o in self.amazon.orders.values() if o.status in statuses]

    # -- the marketplace -------------------------------------------------------------------------

    @rule(
        status=st.sampled_from(["Pending", "Unshipped"]),
        items=st.integers(min_value=1, max_value=3),
        quantity=st.integers(min_value=1, max_value=3),
        cents=st.integers(min_value=1, max_value=20_000),
    )
    def a_buyer_orders(self, status: str, items: int, quantity: int, cents: int) -> None:
        placed = self.harness.clock.now() - timedelta(minutes=1)
        line_total = str(Decimal(cents).scaleb(-2))
        order = sim_order(next(self.numbers), placed, status, items, quantity, line_total)
        self.amazon.add_order(order)

    @precondition(lambda self: bool(self._orders("Pending")))
    @rule(data=st.data(), late=st.booleans())
    def the_payment_is_authorised(self, data: st.DataObject, late: bool) -> None:
        order = data.draw(st.sampled_from(self._orders("Pending")))
        self.amazon.authorise(order.amazon_order_id)
        if late:  # Amazon dates the change back, before the last watermark but within the overlap
            order.last_update = self.harness.clock.now() - timedelta(minutes=4)

    @precondition(lambda self: bool(self._orders("Unshipped", "PartiallyShipped")))
    @rule(data=st.data(), partial=st.booleans())
    def the_seller_ships(self, data: st.DataObject, partial: bool) -> None:
        order = data.draw(st.sampled_from(self._orders("Unshipped", "PartiallyShipped")))
        first = order.items[0]
        self.amazon.ship(order.amazon_order_id, {first.order_item_id: first.quantity} if partial else None)

    @precondition(lambda self: bool(self._orders("Pending", "Unshipped")))
    @rule(data=st.data())
    def the_buyer_cancels(self, data: st.DataObject) -> None:
        order = data.draw(st.sampled_from(self._orders("Pending", "Unshipped")))
        self.amazon.cancel(order.amazon_order_id)

    @precondition(lambda self: len(self.corrupted) < len(self.amazon.orders))
    @rule(data=st.data())
    def an_order_comes_malformed(self, data: st.DataObject) -> None:
        healthy = sorted(set(self.amazon.orders) - self.corrupted)
        order_id = data.draw(st.sampled_from(healthy))
        self.amazon.corrupt(order_id, proceeds={"grandTotal": {"currencyCode": "EUR", "amount": "n/a"}})
        self.corrupted.add(order_id)

    @precondition(lambda self: bool(self._orders("Unshipped")))
    @rule(data=st.data(), withdraw=st.booleans())
    def the_buyer_asks_to_cancel(self, data: st.DataObject, withdraw: bool) -> None:
        order = data.draw(st.sampled_from(self._orders("Unshipped")))
        if withdraw:
            self.amazon.withdraw_cancellation(order.amazon_order_id)
        else:
            self.amazon.request_cancellation(order.amazon_order_id)

    @precondition(lambda self: bool(self._orders("Shipped")))
    @rule(data=st.data(), cents=st.integers(min_value=1, max_value=1000))
    def the_buyer_tips_the_driver(self, data: st.DataObject, cents: int) -> None:
        order = data.draw(st.sampled_from(self._orders("Shipped")))
        self.amazon.change(order.amazon_order_id, delivery_tip=Decimal(cents).scaleb(-2))

    @precondition(lambda self: bool(self.corrupted))
    @rule(data=st.data())
    def amazon_fixes_it(self, data: st.DataObject) -> None:
        order_id = data.draw(st.sampled_from(sorted(self.corrupted)))
        self.amazon.repair(order_id)
        self.corrupted.discard(order_id)

    # -- faults and time ---------------------------------------------------------------------------

    @rule(count=st.integers(min_value=1, max_value=4))
    def search_calls_are_throttled(self, count: int) -> None:
        self.amazon.faults["searchOrders"].clear()
        self.amazon.fail_next("searchOrders", 429, count=count)

    @rule()
    def the_access_token_expires(self) -> None:
        self.amazon.faults["searchOrders"].clear()
        self.amazon.fail_next("searchOrders", 403)

    @rule(minutes=st.integers(min_value=1, max_value=90))
    def time_passes(self, minutes: int) -> None:
        self.harness.clock.advance(minutes=minutes)

    # -- orderhub ------------------------------------------------------------------------------------

    @rule()
    def sync(self) -> None:
        self.harness.clock.advance(minutes=3)  # every change is now older than Amazon's 2-minute edge
        summary = self.harness.sync(CHANNEL)
        assert summary["complete"], summary
        expected = {}
        for order_id, order in self.amazon.orders.items():
            if order_id in self.corrupted:
                continue
            mapped = map_order(order.render())
            seen = self.observed.setdefault(order_id, [])
            if not seen or seen[-1] != mapped.fingerprint():
                seen.append(mapped.fingerprint())
            expected[order_id] = (mapped.status.value, mapped.total, mapped.cancellation_request is not None)
            if order.shows_prices:
                assert mapped.total == order.total()
        self.check_book(expected)
        assert self.amazon.removed_calls == []

    def check_book(self, expected: dict[str, tuple[str, Decimal, bool]]) -> None:
        orders = self.harness.orders(channel=CHANNEL)
        book = {o["source"]["external_id"]: o for o in orders}
        assert len(book) == len(orders), "an order was imported twice"
        assert set(book) == set(self.observed)
        for order_id, (status, total, asked_to_cancel) in expected.items():
            assert (book[order_id]["status"], Decimal(book[order_id]["total"])) == (status, total)
            order = self.harness.order(book[order_id]["id"])
            assert (order["cancellation_request"] is not None) is asked_to_cancel, order_id
            types = [e["type"] for e in self.harness.events(book[order_id]["id"])]
            assert types.count("ImportedFromChannel") == 1
            synced = types.count("StatusSynced") + types.count("DetailsSynced")
            assert synced == len(self.observed[order_id]) - 1, order_id

    def teardown(self) -> None:
        self.server.stop()
        self.harness.close()


AmazonSyncMachine.TestCase.settings = settings(max_examples=10, stateful_step_count=12, deadline=None)
test_order_book_equals_the_marketplace_after_any_interleaving = AmazonSyncMachine.TestCase
