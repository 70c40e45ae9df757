"""The tables beside the event log behave alike on every store (SQL dialect differences)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from adapters.persistence.sequences import SqlNumberSequence
from adapters.persistence.sql_database import SqlDatabase
from adapters.persistence.sync_leases import SqlSyncLeases

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_numbers_continue_from_the_start_without_repeats(db: SqlDatabase) -> None:
    numbers = SqlNumberSequence(db)
    assert numbers.next_numbers("order", 3) == [100001, 100002, 100003]
    assert numbers.next_numbers("order", 1) == [100004]
    assert numbers.next_numbers("customer", 1) == [100001]


def test_a_percent_sign_and_a_quoted_question_mark_survive_the_placeholder_translation(
    db: SqlDatabase,
) -> None:
    with db.transaction(write=False) as tx:
        assert tx.query("SELECT '100%', 'why?', ?", ("x",)) == [("100%", "why?", "x")]


def test_a_lease_is_exclusive_until_released_or_expired(db: SqlDatabase) -> None:
    store = SqlSyncLeases(db)
    assert store.try_lease("shop", "a", NOW, 300)
    assert not store.try_lease("shop", "b", NOW + timedelta(seconds=10), 300)
    assert store.try_lease("shop", "b", NOW + timedelta(seconds=301), 300)  # a's lease ran out


def test_renewing_a_lease_keeps_others_out_past_the_first_term(db: SqlDatabase) -> None:
    store = SqlSyncLeases(db)
    assert store.try_lease("shop", "a", NOW, 300)
    assert store.try_lease("shop", "a", NOW + timedelta(seconds=250), 300)
    assert not store.try_lease("shop", "b", NOW + timedelta(seconds=400), 300)
    store.release("shop", "a")
    assert store.try_lease("shop", "b", NOW + timedelta(seconds=401), 300)


def test_a_lease_is_a_row_of_its_own_and_compares_moments_across_time_zones(db: SqlDatabase) -> None:
    store = SqlSyncLeases(db)
    assert store.try_lease("unregistered-yet", "a", NOW, 30)  # no channel settings needed
    later_in_berlin = (NOW + timedelta(seconds=20)).astimezone(timezone(timedelta(hours=1)))
    assert not store.try_lease("unregistered-yet", "b", later_in_berlin, 30)
    assert store.try_lease("unregistered-yet", "b", later_in_berlin + timedelta(seconds=11), 30)
    store.release("unregistered-yet", "a")  # no longer a's: nothing changes
    assert not store.try_lease("unregistered-yet", "c", later_in_berlin + timedelta(seconds=12), 30)
