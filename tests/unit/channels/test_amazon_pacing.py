"""Client-side token buckets and the per-sync wait budget (fake clock, recorded sleeps)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from adapters.channels.amazon.pacing import RateBudgetSpentError, RatePacer
from adapters.channels.amazon.token_bucket import TokenBucket
from ports.channels import RetryableChannelError
from testkit.channel_plugins import FakeClock, RecordingSleep

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_bucket_allows_the_burst_then_refuses() -> None:
    bucket = TokenBucket.full(rate=0.5, burst=3, now=T0)
    assert [bucket.try_take(T0) for _ in range(4)] == [True, True, True, False]


def test_bucket_refills_at_its_rate_up_to_the_burst() -> None:
    bucket = TokenBucket.full(rate=0.5, burst=3, now=T0)
    for _ in range(3):
        bucket.try_take(T0)
    assert bucket.wait_seconds(T0) == pytest.approx(2.0)
    assert bucket.try_take(T0 + timedelta(seconds=2))
    assert not bucket.try_take(T0 + timedelta(seconds=2))
    bucket.try_take(T0 + timedelta(hours=1))
    assert bucket.tokens == pytest.approx(2.0)


def test_pacer_spends_the_burst_without_waiting() -> None:
    clock = FakeClock(T0)
    sleep = RecordingSleep(clock)
    pacer = RatePacer(clock, sleep, max_wait_seconds=120)
    for _ in range(30):
        pacer.acquire("getOrder")
    assert sleep.waits == []


def test_pacer_waits_at_the_operations_rate_once_the_burst_is_spent() -> None:
    clock = FakeClock(T0)
    sleep = RecordingSleep(clock)
    pacer = RatePacer(clock, sleep, max_wait_seconds=120)
    for _ in range(33):
        pacer.acquire("getOrder")
    assert sleep.waits == pytest.approx([2.0, 2.0, 2.0])


def test_pacer_keeps_pace_even_when_sleeping_does_not_move_the_clock() -> None:
    clock = FakeClock(T0)
    sleep = RecordingSleep()  # time stands still: the bucket's own timeline must advance
    pacer = RatePacer(clock, sleep, max_wait_seconds=1000)
    for _ in range(23):
        pacer.acquire("searchOrders")
    assert sleep.waits == pytest.approx([1 / 0.0056] * 3)


def test_pacer_follows_the_rate_limit_header() -> None:
    clock = FakeClock(T0)
    sleep = RecordingSleep(clock)
    pacer = RatePacer(clock, sleep, max_wait_seconds=120)
    pacer.adapt("getOrder", "10")
    pacer.refused("getOrder")
    pacer.acquire("getOrder")
    assert sleep.waits == pytest.approx([0.1])


def test_pacer_ignores_a_garbled_rate_header() -> None:
    pacer = RatePacer(FakeClock(T0), RecordingSleep(), max_wait_seconds=120)
    pacer.adapt("searchOrders", "fast")
    assert pacer.bucket("searchOrders").rate == pytest.approx(0.0056)


def test_a_wait_beyond_the_budget_stops_the_sync_as_retryable() -> None:
    clock = FakeClock(T0)
    pacer = RatePacer(clock, RecordingSleep(clock), max_wait_seconds=100)
    for _ in range(20):
        pacer.acquire("searchOrders")
    with pytest.raises(RateBudgetSpentError, match=r"rate-limit budget spent.*next sync resumes") as caught:
        for _ in range(5):
            pacer.acquire("searchOrders")
    assert isinstance(caught.value, RetryableChannelError)
    assert pacer.waited_seconds <= 100
