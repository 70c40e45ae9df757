"""A scheduled sync that fails is tried again after a pause that doubles up to a cap, and a store
that is unavailable is logged in one line without a traceback (issue 18, point 18)."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable

import pytest

from entrypoints import scheduler as scheduling
from entrypoints.scheduler import BACKOFF_CAP_SECONDS, BACKOFF_SECONDS, SyncScheduler
from tests.support.fake_channel import FakeKind, registry_with
from tests.support.harness import Harness


@pytest.fixture
def h(kind: FakeKind, start_harness: Callable[..., Harness]) -> Harness:
    harness = start_harness(kinds=registry_with(kind))
    harness.register_channel("main", "fake", {"token": "t", "shop": "main"}, sync_interval_seconds=60)
    return harness


def failing_sync(error: Exception) -> Callable[..., object]:
    def sync(name: str, progress: object = None) -> object:
        raise error

    return sync


def run_once(scheduler: SyncScheduler) -> int:
    started = scheduler.run_due()
    for thread in started:
        thread.join(5)
    return len(started)


def test_a_failing_sync_waits_longer_after_each_failure_up_to_the_cap(
    h: Harness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    h.services.sync = failing_sync(sqlite3.OperationalError("database is locked"))  # type: ignore[assignment]
    clock = [1000.0]
    monkeypatch.setattr(scheduling.time, "monotonic", lambda: clock[0])
    scheduler = SyncScheduler(h.services)
    caplog.set_level(logging.WARNING, logger="entrypoints.scheduler")
    pauses = []
    for _ in range(12):
        assert run_once(scheduler) == 1
        pauses.append(scheduler.backoff("main"))
        assert run_once(scheduler) == 0  # not again within the pause
        clock[0] += pauses[-1]
    assert pauses[:3] == [BACKOFF_SECONDS, 2 * BACKOFF_SECONDS, 4 * BACKOFF_SECONDS]
    assert max(pauses) == BACKOFF_CAP_SECONDS
    records = [r for r in caplog.records if r.name == "entrypoints.scheduler"]
    assert len(records) == 12 and not any(r.exc_info for r in records)
    assert "the store is unavailable: the database is locked by another writer" in records[0].getMessage()


def test_a_sync_that_succeeds_again_ends_the_backoff(h: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    working = h.services.sync
    h.services.sync = failing_sync(sqlite3.OperationalError("disk I/O error"))  # type: ignore[assignment]
    clock = [1000.0]
    monkeypatch.setattr(scheduling.time, "monotonic", lambda: clock[0])
    scheduler = SyncScheduler(h.services)
    assert run_once(scheduler) == 1
    assert run_once(scheduler) == 0  # it waits out its pause
    clock[0] += scheduler.backoff("main")
    h.services.sync = working
    assert run_once(scheduler) == 1
    assert scheduler.backoff("main") == 0


def test_an_unknown_error_keeps_its_traceback(
    h: Harness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    h.services.sync = failing_sync(RuntimeError("a bug"))  # type: ignore[assignment]
    scheduler = SyncScheduler(h.services)
    caplog.set_level(logging.WARNING, logger="entrypoints.scheduler")
    run_once(scheduler)
    [record] = [r for r in caplog.records if r.name == "entrypoints.scheduler"]
    assert record.exc_info is not None and scheduler.backoff("main") > 0
