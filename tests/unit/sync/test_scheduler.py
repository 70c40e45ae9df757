"""The scheduler syncs channels independently, at most ``concurrency`` at once, and stops at once."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest

from entrypoints.scheduler import SyncScheduler
from tests.support.fake_channel import FakeKind, channel_order, registry_with
from tests.support.harness import Harness


@pytest.fixture
def release() -> Iterator[threading.Event]:
    event = threading.Event()
    yield event
    event.set()


@pytest.fixture
def h(kind: FakeKind, release: threading.Event, start_harness: Callable[..., Harness]) -> Harness:
    """Channel ``stuck`` does not answer (until ``release``); ``fine`` and ``also-fine`` do."""
    harness = start_harness(kinds=registry_with(kind))
    harness.register_channel("stuck", "fake", {"token": "t", "shop": "stuck"}, sync_interval_seconds=60)
    harness.register_channel("fine", "fake", {"token": "t", "shop": "main"}, sync_interval_seconds=60)
    harness.register_channel("also-fine", "fake", {"token": "t", "shop": "more"}, sync_interval_seconds=60)
    for shop in ("main", "more", "stuck"):
        kind.shop(shop).put(channel_order(f"{shop}-1"), harness.clock.now() - timedelta(hours=1))
    kind.shop("stuck").before_page = lambda _number: release.wait(30) and None
    return harness


def imported(h: Harness, channel: str) -> int:
    return len(h.orders(channel=channel))


def test_a_channel_that_does_not_answer_delays_no_other(h: Harness) -> None:
    scheduler = SyncScheduler(h.services, concurrency=4)
    started = time.monotonic()
    threads = {t.name: t for t in scheduler.run_due()}
    assert sorted(threads) == ["sync-also-fine", "sync-fine", "sync-stuck"]
    threads["sync-fine"].join(5)
    threads["sync-also-fine"].join(5)
    assert time.monotonic() - started < 5
    assert (imported(h, "fine"), imported(h, "also-fine"), imported(h, "stuck")) == (1, 1, 0)
    assert scheduler.running() == ["stuck"]
    assert scheduler.run_due() == []  # the stuck one is not started twice; the others are not due
    stopped = time.monotonic()
    assert scheduler.stop(grace_seconds=0.2) == ["stuck"]
    assert time.monotonic() - stopped < 2


def test_no_more_than_the_concurrency_run_at_once_and_the_rest_follow(
    h: Harness, release: threading.Event
) -> None:
    scheduler = SyncScheduler(h.services, concurrency=1)
    [first] = scheduler.run_due()
    assert first.name == "sync-also-fine"  # channels come in name order
    first.join(5)
    [second] = scheduler.run_due()
    assert second.name == "sync-fine"
    second.join(5)
    [third] = scheduler.run_due()
    assert scheduler.run_due() == []  # "stuck" takes the only place
    release.set()
    third.join(5)
    assert imported(h, "stuck") == 1


def test_a_stopped_scheduler_starts_nothing(h: Harness) -> None:
    scheduler = SyncScheduler(h.services)
    scheduler.stop()
    assert scheduler.run_due() == []


def test_concurrency_below_one_is_refused(h: Harness) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        SyncScheduler(h.services, concurrency=0)
