"""The aggregate store saves like the library's ``Application.save``, by the library's public parts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from eventsourcing.application import Application

from adapters.persistence.database_url import DatabaseUrl
from application.aggregate_store import AggregateStore
from domain.channel import Channel
from entrypoints.bootstrap import event_store_env

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def store(**env: str) -> AggregateStore:
    return AggregateStore(env={**event_store_env(DatabaseUrl.parse("memory://")), **env})


@pytest.fixture
def book() -> Iterator[AggregateStore]:
    built = store()
    yield built
    built.close()


def channel_with_checkpoints(book: AggregateStore, checkpoints: int) -> Channel:
    channel = Channel.register(
        name="shop", kind="fake", public_settings={}, sync_interval_seconds=None, now=NOW
    )
    for n in range(checkpoints):
        channel.save_checkpoint({"page": n}, NOW + timedelta(seconds=n))
        if n % 7 == 0:  # several saves, some of many events
            book.save(channel)
    book.save(channel)
    return channel


def test_several_aggregates_are_saved_in_one_call_and_read_back(book: AggregateStore) -> None:
    first = Channel.register(name="a", kind="fake", public_settings={}, sync_interval_seconds=None, now=NOW)
    second = Channel.register(name="b", kind="fake", public_settings={}, sync_interval_seconds=60, now=NOW)
    recordings = book.save(first, None, second)
    assert [r.notification.id for r in recordings] == [1, 2]
    assert book.get_many([first.id, second.id]) == {first.id: first, second.id: second}


def test_snapshots_are_taken_at_the_declared_interval_as_the_library_takes_them(book: AggregateStore) -> None:
    channel = channel_with_checkpoints(book, 60)  # interval 25: snapshots at versions 25 and 50
    assert book.snapshots is not None
    assert [s.originator_version for s in book.snapshots.get(channel.id)] == [25, 50]
    library = store()
    Application.save(library, channel_with_checkpoints(library, 60))
    assert library.snapshots is not None
    assert [s.originator_version for s in library.snapshots.get(channel.id)] == [25, 50]
    assert book.get(channel.id) == channel == library.get(channel.id)


def test_with_an_aggregate_cache_that_is_not_fast_forwarded_a_save_updates_the_cache() -> None:
    book = store(AGGREGATE_CACHE_MAXSIZE="10", AGGREGATE_CACHE_FASTFORWARD="n")
    channel = channel_with_checkpoints(book, 1)
    cached: Channel = book.repository.get(channel.id)
    cached.change_schedule(600, NOW)
    book.save(cached)
    assert book.repository.get(channel.id).sync_interval_seconds == 600
    book.close()
