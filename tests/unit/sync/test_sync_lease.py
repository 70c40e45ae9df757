"""The sync lease: short-lived, renewed by a heartbeat while a sync runs, released when it stops."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest

from adapters.persistence.database_url import DatabaseUrl
from adapters.persistence.sql_database import SqlDatabase
from adapters.persistence.sync_leases import SqlSyncLeases
from application.errors import SyncAlreadyRunningError
from application.sync import STOPPED
from application.sync_lease import LEASE_SECONDS, RENEW_SECONDS, HeldLease
from testkit.clock import FakeClock
from tests.support.fake_channel import FakeKind, channel_order
from tests.support.harness import Harness


class CountingLeases(SqlSyncLeases):
    """The real adapter (in memory), counting the renewals it is asked for."""

    def __init__(self) -> None:
        super().__init__(SqlDatabase(DatabaseUrl.parse("memory://")))
        self.calls: list[tuple[str, datetime]] = []

    def try_lease(self, name: str, owner: str, now: datetime, seconds: float) -> bool:
        self.calls.append((owner, now))
        return super().try_lease(name, owner, now, seconds)


def wait_for(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.002)


def test_the_lease_is_short_and_renewed_three_times_per_lifetime() -> None:
    assert LEASE_SECONDS <= 30 and RENEW_SECONDS <= LEASE_SECONDS / 3


def test_the_heartbeat_keeps_a_long_syncs_lease_and_a_lease_not_renewed_lapses() -> None:
    clock, leases = FakeClock(), CountingLeases()
    kept = HeldLease(leases, clock, "shop", renew_every=0.005)
    assert kept.take()
    kept.start()
    for _ in range(10):  # 200 s of a sync on one page: far past one lifetime
        clock.advance(seconds=20)
        moment = clock.now()
        wait_for(lambda moment=moment: (kept.owner, moment) in leases.calls)
        assert not leases.try_lease("shop", "rival", clock.now() + timedelta(seconds=1), 30)
    kept.release()
    assert leases.try_lease("shop", "rival", clock.now(), 30)  # released: admitted at once

    abandoned = HeldLease(leases, clock, "other", renew_every=0.005)
    assert abandoned.take()  # taken, never renewed: its process died
    clock.advance(seconds=LEASE_SECONDS + 1)
    assert leases.try_lease("other", "rival", clock.now(), 30)


def test_a_failed_renewal_is_retried_on_the_next_beat() -> None:
    clock, leases = FakeClock(), CountingLeases()
    failures = iter([RuntimeError("database busy")])

    def flaky(name: str, owner: str, now: datetime, seconds: float) -> bool:
        for failure in failures:
            raise failure
        return CountingLeases.try_lease(leases, name, owner, now, seconds)

    lease = HeldLease(leases, clock, "shop", renew_every=0.005)
    assert lease.take()
    leases.try_lease = flaky  # type: ignore[method-assign]
    lease.start()
    clock.advance(seconds=25)
    wait_for(lambda: (lease.owner, clock.now()) in leases.calls)
    clock.advance(seconds=25)
    assert not CountingLeases.try_lease(leases, "shop", "rival", clock.now(), 30)
    lease.release()


@pytest.fixture
def held_up(h: Harness, kind: FakeKind) -> Iterator[tuple[threading.Event, threading.Event]]:
    """Six orders; the fake shop serves the first page of two, then waits until let go."""
    for n in range(6):
        kind.shop().put(channel_order(f"A{n}"), h.clock.now() - timedelta(days=1))
    waiting, go = threading.Event(), threading.Event()

    def hold(number: int) -> None:
        if number == 1:
            waiting.set()
            go.wait(10)

    kind.shop().before_page = hold
    yield waiting, go
    go.set()


def sync_on_hold(h: Harness, waiting: threading.Event) -> tuple[threading.Thread, list[Any]]:
    """A sync of ``shop`` in a thread, once it waits between its first and second page."""
    result: list[Any] = []
    thread = threading.Thread(target=lambda: result.append(h.services.sync("shop")), daemon=True)
    thread.start()
    assert waiting.wait(5)
    return thread, result


def test_a_stopping_process_ends_a_running_sync_after_its_page_and_starts_none(
    h: Harness, held_up: tuple[threading.Event, threading.Event]
) -> None:
    waiting, go = held_up
    thread, result = sync_on_hold(h, waiting)
    h.services.sync.stop()
    go.set()
    thread.join(5)
    [summary] = result
    assert (summary.complete, summary.imported, summary.error) == (False, 4, STOPPED)
    later = h.services.sync("shop")
    assert (later.complete, later.fetched, later.error) == (False, 0, STOPPED)
    assert h.client.get("/api/v1/channels/shop").json()["last_sync"]["error"] == STOPPED


def test_a_stopping_process_gives_up_the_lease_of_a_sync_it_abandons(
    h: Harness, held_up: tuple[threading.Event, threading.Event]
) -> None:
    waiting, go = held_up
    thread, _ = sync_on_hold(h, waiting)
    with pytest.raises(SyncAlreadyRunningError):
        h.services.sync("shop")
    h.services.sync.release_leases()
    assert h.services.sync._leases.try_lease("shop", "another-process", h.clock.now(), 30)
    go.set()
    thread.join(5)
