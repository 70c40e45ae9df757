"""A channel reporting an erased customer's order again: the buyer it names is not recorded again,
an unchanged report records nothing, a real change is recorded without the buyer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.channel_order import ChannelBuyer
from domain.order import Order
from domain.status import OrderStatus
from tests.support.fake_channel import FakeKind, channel_order, registry_with
from tests.support.harness import Harness

NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


def test_reports_of_an_erased_customers_order(database_url: str) -> None:
    kind = FakeKind()
    with Harness.start(database_url, now=NOW, kinds=registry_with(kind)) as h:
        h.register_channel("shop", "fake", {"token": "t", "initial_lookback_days": 400})
        reported = channel_order("E1", OrderStatus.PAID, buyer="bea-1", email="bea@example.com")
        reported = reported.model_copy(
            update={"buyer": ChannelBuyer(external_id="bea-1", email="bea@example.com", name="Bea Erased")}
        )
        kind.shop().put(reported, NOW - timedelta(minutes=1))
        h.sync("shop")
        order_id = str(Order.channel_order_id("shop", "E1"))
        h.set_status(order_id, "shipped", tracking={"carrier": "DHL", "number": "123456"})
        h.sync("shop")  # the push is delivered
        customer_id = h.order(order_id)["customer_id"]
        assert (
            h.client.post(f"/api/v1/customers/{customer_id}/erasure", json={"reason": "r"}).status_code == 200
        )
        before = len(h.events(order_id))

        h.clock.advance(minutes=10)
        kind.shop().put(reported, h.clock.now() - timedelta(seconds=1))
        summary = h.sync("shop")
        assert (summary["updated"], summary["unchanged"]) == (0, 1)
        assert len(h.events(order_id)) == before

        h.clock.advance(minutes=10)
        kind.shop().put(
            reported.model_copy(update={"status": OrderStatus.SHIPPED}), h.clock.now() - timedelta(seconds=1)
        )
        assert h.sync("shop")["updated"] == 1
        events = h.events(order_id)
        assert events[-1]["type"] == "StatusSynced" and len(events) == before + 1
        assert "Bea Erased" not in str(events) and "bea@example.com" not in str(events)
        assert h.order(order_id)["status"] == "shipped"
        library = [
            e.model_dump_json() for e in h.services.book.events.get(Order.channel_order_id("shop", "E1"))
        ]
        assert "Bea Erased" not in "".join(library)
