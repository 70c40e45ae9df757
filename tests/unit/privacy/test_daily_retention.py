"""The server runs retention daily: the scheduler's job, on the FakeClock."""

from __future__ import annotations

from datetime import timedelta

from domain.retention import RETENTION_RECORD_ID
from entrypoints.scheduler import RETENTION_CHECK_SECONDS, SyncScheduler
from tests.support.harness import Harness


def test_the_scheduler_runs_retention_once_a_day() -> None:
    with Harness.start() as h:
        scheduler = SyncScheduler(h.services)
        first = scheduler.run_retention_if_due()
        assert first is not None and first.ran_at == h.clock.now()
        assert scheduler.run_retention_if_due() is None  # checked a moment ago
        h.clock.advance(seconds=RETENTION_CHECK_SECONDS)
        assert scheduler.run_retention_if_due() is None  # ran within the day
        h.clock.advance(days=1)
        again = scheduler.run_retention_if_due()
        assert again is not None and again.ran_at == h.clock.now()
        assert h.services.book.get(RETENTION_RECORD_ID).runs == 2


def test_another_schedulers_run_counts_too() -> None:
    with Harness.start() as h:
        SyncScheduler(h.services).run_retention_if_due()
        h.clock.advance(hours=1)
        assert SyncScheduler(h.services).run_retention_if_due() is None  # a restart, or a second server
        h.clock.advance(timedelta(days=1).total_seconds())
        assert SyncScheduler(h.services).run_retention_if_due() is not None
