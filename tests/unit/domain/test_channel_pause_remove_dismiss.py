"""A channel paused and resumed, removed and registered again, and quarantined orders dismissed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from domain.channel import Channel
from tests.support.replay import replayed

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def channel() -> Channel:
    return Channel.register(name="shop", kind="fake", public_settings={}, sync_interval_seconds=60, now=NOW)


def test_pausing_and_resuming_are_recorded_once_each() -> None:
    shop = channel()
    assert not shop.paused and shop.paused_at is None
    assert shop.pause(NOW) is True
    assert shop.pause(NOW + timedelta(minutes=1)) is False  # paused already: nothing recorded
    assert (shop.paused, shop.paused_at) == (True, NOW)
    assert shop.resume(NOW) is True and shop.resume(NOW) is False
    events = shop.collect_events()
    assert [type(e).__name__ for e in events] == ["Registered", "Paused", "Resumed"]
    rebuilt: Any = None
    for event in events[:2]:
        rebuilt = event.mutate(rebuilt)
    assert rebuilt.paused_at == NOW
    assert not events[2].mutate(rebuilt).paused


def test_a_removed_channel_forgets_its_connection_and_its_name_can_be_taken_again() -> None:
    shop = channel()
    shop.quarantine_order("17", "no lines", {"id": 17}, NOW)
    shop.save_checkpoint({"page": 3}, NOW)
    shop.pause(NOW)
    shop.remove(NOW + timedelta(hours=1))
    assert shop.removed and shop.removed_at == NOW + timedelta(hours=1)
    assert (shop.quarantine, shop.checkpoint, shop.watermark, shop.paused) == ({}, None, None, False)
    shop.register_again(kind="other", public_settings={"url": "x"}, sync_interval_seconds=None, now=NOW)
    again = replayed(shop)
    assert not again.removed
    assert (again.kind, again.public_settings, again.sync_interval_seconds) == ("other", {"url": "x"}, None)
    assert (again.last_sync, again.quarantine) == (None, {})


def test_a_dismissed_order_leaves_the_quarantine_and_is_remembered_with_the_reason() -> None:
    shop = channel()
    shop.quarantine_order("17", "no lines", {"id": 17}, NOW)
    assert shop.dismiss_quarantined("18", "typo", NOW) is False  # not in quarantine
    assert shop.dismiss_quarantined("17", "test order", NOW + timedelta(minutes=5)) is True
    again = replayed(shop)
    assert again.quarantine == {}
    assert again.is_dismissed("17") and not again.is_dismissed("18")
    assert again.dismissed is not None
    assert (again.dismissed["17"].reason, again.dismissed["17"].dismissed_at) == (
        "test order",
        NOW + timedelta(minutes=5),
    )
