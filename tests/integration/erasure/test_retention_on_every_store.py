"""Retention on every store: an order dated years back loses its names and addresses when its period
ends (for everyone, erased or not), a recent one keeps them, and the run is recorded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from domain.channel_order import ChannelBuyer, ChannelOrder
from domain.order import Order
from domain.order_line import OrderLine
from domain.retention import RETENTION_RECORD_ID
from domain.status import OrderStatus
from tests.support.fake_channel import FakeKind, registry_with
from tests.support.harness import Harness

NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
ADDRESS = {
    "name": "Adresse Alt",
    "street": "Weg 1",
    "postal_code": "10115",
    "city": "Berlin",
    "country_code": "DE",
}


def channel_order(external_id: str, placed_at: datetime) -> ChannelOrder:
    return ChannelOrder(
        external_id=external_id,
        status=OrderStatus.SHIPPED,
        currency="EUR",
        lines=[OrderLine(title="Ding", quantity=1, unit_price=Decimal("5.00"))],
        buyer=ChannelBuyer(external_id=f"buyer-{external_id}", name="Bea"),
        shipping_address=ADDRESS,  # type: ignore[arg-type]
        placed_at=placed_at,
    )


def test_an_order_dated_years_back_loses_its_names_and_addresses(database_url: str) -> None:
    kind = FakeKind()
    with Harness.start(database_url, now=NOW, kinds=registry_with(kind)) as h:
        h.register_channel("shop", "fake", {"token": "t", "initial_lookback_days": 730})
        kind.shop().put(channel_order("OLD", datetime(2015, 6, 1, tzinfo=UTC)), NOW - timedelta(days=1))
        kind.shop().put(channel_order("NEW", datetime(2016, 6, 1, tzinfo=UTC)), NOW - timedelta(days=1))
        assert h.sync("shop")["imported"] == 2
        old = h.order(str(Order.channel_order_id("shop", "OLD")))
        new = h.order(str(Order.channel_order_id("shop", "NEW")))
        assert old["shipping_address"]["name"] == "Adresse Alt"

        run = h.services.retention.run()

        assert run.until_year == 2015 and run.keys_destroyed >= 1
        old_after = h.order(old["id"])
        assert old_after["shipping_address"] is None and old_after["billing_address"] is None
        assert old_after["lines"] == old["lines"] and old_after["total"] == old["total"]
        assert "Adresse Alt" not in str(h.events(old["id"]))
        assert h.order(new["id"])["shipping_address"]["name"] == "Adresse Alt"  # kept to the end of 2026
        [ran] = [e for e in h.services.book.events.get(RETENTION_RECORD_ID) if type(e).__name__ == "Ran"]
        assert ran.actor is not None and (ran.actor.kind, ran.actor.name) == ("system", "retention")
        # a rebuild and a replay after it agree
        h.services.projections.rebuild()
        h.services.book.forget_reads()
        assert h.order(old["id"]) == old_after
