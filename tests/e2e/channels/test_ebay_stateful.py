"""Random interleavings of eBay marketplace changes, faults, shipments made here, and syncs.

After every sync orderhub's order book equals the marketplace: one order per eBay orderId, the
mapped status, eBay's total to the cent, exactly one StatusSynced per change of status a sync
observed and one DetailsSynced per other change (also for changes eBay dates back into the overlap,
after 429 storms or an expired token), the buyer's data as first imported although eBay stops
sending it after 14 and 90 days, and exactly one shipping fulfillment POST per shipment made in
orderhub.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from itertools import pairwise
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, precondition, rule

from adapters.channels.ebay.mapping import map_order
from domain.channel_order import ChannelBuyer, ChannelOrder
from domain.status import OrderStatus, overall
from simulators.ebay.app import create_app
from simulators.ebay.state import EbayMarketplace
from simulators.ebay.views import order_view
from simulators.server import BackgroundServer
from tests.support.harness import Harness

CHANNEL = "ebay-de"


class EbaySyncMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.harness = Harness.start()
        self.ebay = EbayMarketplace(self.harness.clock, seed=0)
        self.server = BackgroundServer(create_app(self.ebay)).start()
        self.harness.register_channel(CHANNEL, "ebay", self.ebay.channel_settings(self.server.url))
        self.last_sync: datetime | None = None
        self.corrupted: dict[str, Any] = {}
        """orderId -> the pricingSummary eBay had before the order came malformed."""
        self.observed: dict[str, list[tuple[str, OrderStatus]]] = {}
        """Per order, the distinct consecutive contents the syncs saw, personal data left out (eBay
        withholds it from older orders; that is no change): (fingerprint, status)."""
        self.first_buyer: dict[str, dict[str, Any]] = {}
        """Per order, the buyer as the first sync that saw it was told."""
        self.shipped_here: dict[str, str] = {}
        """orderId -> tracking number of the shipment set in orderhub (pushed at the next sync)."""

    def _ebay_orders(self, predicate: Any) -> list[str]:
        return sorted(
            i for i, o in self.ebay.orders.items() if i not in self.corrupted and predicate(o.payload)
        )

    def _imported(self) -> dict[str, dict[str, Any]]:
        return {o["source"]["external_id"]: o for o in self.harness.orders(channel=CHANNEL)}

    # -- the marketplace -------------------------------------------------------------------------

    @rule(count=st.integers(min_value=1, max_value=3), seed=st.integers(min_value=0, max_value=10_000))
    def buyers_order(self, count: int, seed: int) -> None:
        moment = self.harness.clock.now() - timedelta(seconds=30)
        self.ebay.generate(count, start=moment, end=moment, seed=seed)

    @precondition(lambda self: bool(self._ebay_orders(lambda o: o["orderPaymentStatus"] == "PENDING")))
    @rule(data=st.data(), late=st.booleans())
    def the_buyer_pays(self, data: st.DataObject, late: bool) -> None:
        order_id = data.draw(
            st.sampled_from(self._ebay_orders(lambda o: o["orderPaymentStatus"] == "PENDING"))
        )
        at = None
        if late and self.last_sync is not None:  # dated before the last sync, inside the 5-minute overlap
            at = max(self.last_sync - timedelta(minutes=3), self.ebay.orders[order_id].created)
        self.ebay.pay(order_id, at=at)

    @precondition(lambda self: bool(self._ebay_orders(_shippable)))
    @rule(data=st.data(), partial=st.booleans())
    def the_seller_ships_in_seller_hub(self, data: st.DataObject, partial: bool) -> None:
        order_id = data.draw(st.sampled_from(self._ebay_orders(_shippable)))
        lines = [line["lineItemId"] for line in self.ebay.orders[order_id].payload["lineItems"]]
        self.ebay.ship(order_id, lines[:1] if partial else None, tracking=f"H{len(self.ebay.calls)}X")

    @precondition(lambda self: bool(self._ebay_orders(_cancellable)))
    @rule(data=st.data())
    def the_buyer_cancels(self, data: st.DataObject) -> None:
        self.ebay.cancel(data.draw(st.sampled_from(self._ebay_orders(_cancellable))))

    @precondition(lambda self: len(self.corrupted) < len(self.ebay.orders))
    @rule(data=st.data())
    def an_order_comes_malformed(self, data: st.DataObject) -> None:
        order_id = data.draw(st.sampled_from(self._ebay_orders(lambda o: True)))
        self.corrupted[order_id] = self.ebay.order(order_id)["pricingSummary"]
        self.ebay.edit(
            order_id, lambda o: o["pricingSummary"].update(total={"value": "n/a", "currency": "EUR"})
        )

    @precondition(lambda self: bool(self.corrupted))
    @rule(data=st.data())
    def ebay_repairs_it(self, data: st.DataObject) -> None:
        order_id = data.draw(st.sampled_from(sorted(self.corrupted)))
        summary = self.corrupted.pop(order_id)
        self.ebay.edit(order_id, lambda o: o.update(pricingSummary=summary))

    # -- faults and time ---------------------------------------------------------------------------

    @rule(count=st.integers(min_value=1, max_value=4))
    def a_429_storm(self, count: int) -> None:
        self.ebay.faults.clear()
        self.ebay.faults.inject("429", times=count)

    @rule()
    def the_access_token_expires(self) -> None:
        self.ebay.expire_access_tokens()

    @rule(minutes=st.integers(min_value=1, max_value=90))
    def time_passes(self, minutes: int) -> None:
        self.harness.clock.advance(minutes=minutes)

    @rule(days=st.sampled_from([15, 91]))
    def weeks_pass(self, days: int) -> None:
        """Past 14 days eBay leaves the buyer's e-mail out, past 90 name, phone and address too; the
        orders come again at the next sync (eBay reports them modified, e.g. for feedback left)."""
        self.harness.clock.advance(days=days)
        for order_id in self._ebay_orders(lambda o: True):
            self.ebay.touch(order_id)

    # -- orderhub ------------------------------------------------------------------------------------

    @precondition(lambda self: self.last_sync is not None)
    @rule(data=st.data())
    def the_merchant_ships_here(self, data: st.DataObject) -> None:
        imported = self._imported()
        candidates = sorted(
            i for i, o in imported.items() if o["status"] == "paid" and i not in self.shipped_here
        )
        if not candidates:
            return
        order_id = data.draw(st.sampled_from(candidates))
        number = f"0034{len(self.shipped_here):06d}"
        self.harness.set_status(
            imported[order_id]["id"], "shipped", tracking={"carrier": "DHL", "number": number}
        )
        self.shipped_here[order_id] = number

    @rule()
    def sync(self) -> None:
        self.harness.clock.advance(seconds=10)
        now = self.harness.clock.now()
        expected: dict[str, tuple[OrderStatus, Decimal]] = {}
        for order_id, stored in self.ebay.orders.items():  # what the pull will see, before our pushes
            if order_id in self.corrupted:
                continue
            view = order_view(stored.payload, stored.created, now, in_list=True, tax_breakdown=True)
            mapped = map_order(view)
            seen = self.observed.setdefault(order_id, [])
            if not seen:
                self.first_buyer[order_id] = mapped.buyer.model_dump(mode="json")
            if not seen or seen[-1] != _without_personal_data(mapped):
                seen.append(_without_personal_data(mapped))
            expected[order_id] = (mapped.status, Decimal(view["pricingSummary"]["total"]["value"]))
        summary = self.harness.sync(CHANNEL)
        assert summary["complete"], summary
        self.last_sync = now
        self.check_book(expected)

    def check_book(self, expected: dict[str, tuple[OrderStatus, Decimal]]) -> None:
        orders = self.harness.orders(channel=CHANNEL)
        book = {o["source"]["external_id"]: o for o in orders}
        assert len(book) == len(orders), "an order was imported twice"
        assert set(book) == set(self.observed)
        for order_id, (status, total) in expected.items():
            local = OrderStatus.SHIPPED if order_id in self.shipped_here else None
            assert book[order_id]["status"] == overall(status, local).value, order_id
            assert Decimal(book[order_id]["total"]) == total
            events = self.harness.events(book[order_id]["id"])
            types = [e["type"] for e in events]
            assert types.count("ImportedFromChannel") == 1
            seen = self.observed[order_id]
            status_changes = sum(a[1] != b[1] for a, b in pairwise(seen))
            assert types.count("StatusSynced") == status_changes, order_id
            assert types.count("DetailsSynced") == len(seen) - 1 - status_changes, order_id
            content = [e for e in events if "order" in e["data"]]
            assert content[-1]["data"]["order"]["buyer"] == self.first_buyer[order_id], order_id
        posted = [order_id for order_id, body in self.ebay.fulfillment_requests]
        for order_id in self.shipped_here:
            assert posted.count(order_id) == 1, f"{order_id} was posted {posted.count(order_id)} times"

    def teardown(self) -> None:
        self.server.stop()
        self.harness.close()


def _without_personal_data(mapped: ChannelOrder) -> tuple[str, OrderStatus]:
    anonymous = mapped.model_copy(
        update={"buyer": ChannelBuyer(), "billing_address": None, "shipping_address": None}
    )
    return anonymous.fingerprint(), mapped.status


def _shippable(order: dict[str, Any]) -> bool:
    return (
        order["orderFulfillmentStatus"] != "FULFILLED" and order["cancelStatus"]["cancelState"] != "CANCELED"
    )


def _cancellable(order: dict[str, Any]) -> bool:
    return (
        order["orderFulfillmentStatus"] == "NOT_STARTED"
        and order["cancelStatus"]["cancelState"] != "CANCELED"
    )


EbaySyncMachine.TestCase.settings = settings(max_examples=10, stateful_step_count=14, deadline=None)
test_order_book_equals_the_marketplace_after_any_interleaving = EbaySyncMachine.TestCase
