"""A channel order over the maximum order total is quarantined with the reason; the rest is imported."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from domain.money import MAX_ORDER_TOTAL
from tests.support.fake_channel import FakeKind, channel_order, registry_with
from tests.support.harness import Harness


def test_a_channel_order_over_the_maximum_total_goes_to_quarantine(
    start_harness: Callable[..., Harness],
) -> None:
    kind = FakeKind()
    h = start_harness(kinds=registry_with(kind))
    h.register_channel("shop", "fake", {"token": "s3cret"})
    yesterday = h.clock.now() - timedelta(days=1)
    kind.shop().put(channel_order("FINE"), yesterday)
    kind.shop().put(channel_order("HUGE", price="999999999.00"), yesterday)  # 2 of them, plus shipping
    summary = h.sync("shop")
    assert (summary["imported"], summary["quarantined"], summary["complete"]) == (1, 1, True)
    assert [o["source"]["external_id"] for o in h.orders(channel="shop")] == ["FINE"]
    (entry,) = h.quarantine("shop")
    assert entry["external_id"] == "HUGE"
    assert f"maximum order total of {MAX_ORDER_TOTAL}" in entry["reason"]
