"""The log of account deletion notifications: a replayed id changes nothing, and the user a
notification names is kept only while it is pending (on every store)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from adapters.persistence.account_deletions import SqlAccountDeletionLog
from adapters.persistence.sql_database import SqlDatabase
from ports.account_deletion import AccountDeletionNotice, DeletionState

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
NOTICE = AccountDeletionNotice(notification_id="n-1", username="anna_3", user_id="u3")


def rows(db: SqlDatabase) -> list[tuple[object, ...]]:
    with db.transaction(write=False) as tx:
        return tx.query(
            "SELECT channel, notification_id, state, username, user_id, attempts, last_error"
            " FROM orderhub_account_deletions ORDER BY channel, notification_id"
        )


def test_a_notification_is_recorded_once_per_channel(db: SqlDatabase) -> None:
    log = SqlAccountDeletionLog(db)
    assert log.record("ebay-de", NOTICE, NOW)
    assert not log.record("ebay-de", NOTICE, NOW + timedelta(minutes=5))
    assert not SqlAccountDeletionLog(db).record("ebay-de", NOTICE, NOW)  # another process alike
    assert log.record("ebay-at", NOTICE, NOW)  # the same id on another channel is another one
    assert log.state("ebay-de", "n-1") is DeletionState.PENDING
    assert log.state("ebay-de", "n-2") is None


def test_settling_forgets_the_user_and_keeps_the_id(db: SqlDatabase) -> None:
    log = SqlAccountDeletionLog(db)
    log.record("ebay-de", NOTICE, NOW)
    log.settle("ebay-de", "n-1", DeletionState.ERASED, NOW)
    assert rows(db) == [("ebay-de", "n-1", "erased", None, None, 1, None)]
    assert log.pending() == []
    assert not log.record("ebay-de", NOTICE, NOW)  # still a replay


def test_a_postponed_one_stays_pending_with_its_user_and_why(db: SqlDatabase) -> None:
    log = SqlAccountDeletionLog(db)
    log.record("ebay-de", NOTICE, NOW)
    log.record("ebay-de", AccountDeletionNotice("n-0", "ben_1", None), NOW + timedelta(seconds=1))
    log.record("ebay-at", AccountDeletionNotice("n-9", None, "u9"), NOW - timedelta(seconds=1))
    log.postpone("ebay-de", "n-1", "order 100001 is open", NOW)
    log.postpone("ebay-de", "n-1", "order 100001 is still open", NOW)
    pending = log.pending("ebay-de")
    assert [(p.notification_id, p.username, p.attempts, p.last_error) for p in pending] == [
        ("n-1", "anna_3", 2, "order 100001 is still open"),
        ("n-0", "ben_1", 0, None),
    ]
    assert [p.notification_id for p in log.pending()] == ["n-9", "n-1", "n-0"]  # oldest first
    log.settle("ebay-de", "n-1", DeletionState.UNKNOWN_USER, NOW)
    log.postpone("ebay-de", "n-1", "late", NOW)  # a settled one is not reopened
    assert log.state("ebay-de", "n-1") is DeletionState.UNKNOWN_USER
    assert [p.notification_id for p in log.pending("ebay-de")] == ["n-0"]


def test_of_two_deliveries_at_once_one_records_it(db: SqlDatabase) -> None:
    log = SqlAccountDeletionLog(db)
    start = threading.Barrier(8)

    def deliver(_: int) -> bool:
        start.wait(5)
        return log.record("ebay-de", NOTICE, NOW)

    with ThreadPoolExecutor(8) as pool:
        recorded = list(pool.map(deliver, range(8)))
    assert recorded.count(True) == 1
