"""A channel's quarantine: attempts counted per failure, the acknowledged (parked) mark kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.channel import Channel

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def channel() -> Channel:
    return Channel.register(
        name="shop", kind="jtl-shop", public_settings={}, sync_interval_seconds=None, now=NOW
    )


def test_an_acknowledged_order_stays_acknowledged_when_it_fails_again_and_leaves_on_release() -> None:
    shop = channel()
    shop.quarantine_order("17", "unknown country QQ", "<tbestellung/>", NOW)
    assert not shop.acknowledge_quarantined("18", NOW)  # not in quarantine: nothing to record
    assert shop.acknowledge_quarantined("17", NOW)
    assert not shop.acknowledge_quarantined("17", NOW)  # once
    shop.quarantine_order("17", "still unknown", "<tbestellung/>", NOW + timedelta(hours=1))
    entry = shop.quarantine["17"]
    assert (entry.acknowledged, entry.attempts, entry.reason) == (True, 2, "still unknown")
    assert entry.first_seen == NOW
    shop.release_from_quarantine("17", NOW)
    assert shop.quarantine == {}


def test_the_mark_survives_a_reload_from_the_events() -> None:
    shop = channel()
    shop.quarantine_order("17", "unknown country QQ", None, NOW)
    shop.acknowledge_quarantined("17", NOW)
    reloaded = None
    for event in shop.collect_events():
        reloaded = event.mutate(reloaded)
    assert reloaded is not None and reloaded.quarantine["17"].acknowledged
