"""The tables beside the event log behave alike on every store (SQL dialect differences)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from adapters.persistence.channel_settings import SqlChannelSettingsStore
from adapters.persistence.database_url import DatabaseUrl
from adapters.persistence.sequences import SqlNumberSequence
from adapters.persistence.sql_database import SqlDatabase
from adapters.secrets.master_key import new_key
from adapters.secrets.sealing import SecretBox

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def db(database_url: str) -> Iterator[SqlDatabase]:
    url = DatabaseUrl.parse(database_url)
    if url.path is not None:
        url.path.parent.mkdir(parents=True, exist_ok=True)
    database = SqlDatabase(url)
    yield database
    database.close()


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
    store = SqlChannelSettingsStore(db, SecretBox(new_key("a test key")))
    store.put("shop", "jtl-connector", {"url": "http://shop"}, {})
    assert store.try_lease("shop", "a", NOW, 300)
    assert not store.try_lease("shop", "b", NOW + timedelta(seconds=10), 300)
    assert store.try_lease("shop", "b", NOW + timedelta(seconds=301), 300)  # a's lease ran out


def test_renewing_a_lease_keeps_others_out_past_the_first_term(db: SqlDatabase) -> None:
    store = SqlChannelSettingsStore(db, SecretBox(new_key("a test key")))
    store.put("shop", "jtl-connector", {"url": "http://shop"}, {})
    assert store.try_lease("shop", "a", NOW, 300)
    assert store.try_lease("shop", "a", NOW + timedelta(seconds=250), 300)
    assert not store.try_lease("shop", "b", NOW + timedelta(seconds=400), 300)
    store.release("shop", "a")
    assert store.try_lease("shop", "b", NOW + timedelta(seconds=401), 300)
