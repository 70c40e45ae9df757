"""The aggregate store stamps every event it saves with who is acting; nothing else changes."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from adapters.persistence.database_url import DatabaseUrl
from application.acting import acting_as, current_actor
from application.aggregate_store import AggregateStore, stamp
from domain.actor import ORDERHUB, Actor
from domain.channel import Channel
from entrypoints.bootstrap import event_store_env

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
WAREHOUSE = Actor.api_key("warehouse")


@pytest.fixture
def book() -> Iterator[AggregateStore]:
    built = AggregateStore(env=event_store_env(DatabaseUrl.parse("memory://")))
    yield built
    built.close()


def new_channel(name: str = "shop") -> Channel:
    return Channel.register(name=name, kind="fake", public_settings={}, sync_interval_seconds=None, now=NOW)


def actors(book: AggregateStore, channel: Channel) -> list[Actor | None]:
    return [e.actor for e in book.events.get(channel.id)]


def test_the_events_of_a_save_record_the_actor_acting_then(book: AggregateStore) -> None:
    channel = new_channel()
    with acting_as(WAREHOUSE):
        book.save(channel)
    channel.change_schedule(600, NOW)
    with acting_as(Actor.channel("shop")):
        book.save(channel)
    assert actors(book, channel) == [WAREHOUSE, Actor.channel("shop")]
    assert book.get(channel.id) == channel  # the aggregate's state is what it was


def test_without_an_actor_the_events_record_orderhub(book: AggregateStore) -> None:
    channel = new_channel()
    book.save(channel)
    assert actors(book, channel) == [ORDERHUB]


def test_acting_as_nests_and_restores_the_actor_before_it() -> None:
    assert current_actor() == ORDERHUB
    with acting_as(WAREHOUSE):
        with acting_as(Actor.channel("shop")):
            assert current_actor() == Actor.channel("shop")
        assert current_actor() == WAREHOUSE
    assert current_actor() == ORDERHUB


def test_another_thread_does_not_see_this_threads_actor() -> None:
    seen: list[Actor] = []
    with acting_as(WAREHOUSE):
        thread = threading.Thread(target=lambda: seen.append(current_actor()))
        thread.start()
        thread.join()
    assert seen == [ORDERHUB]


def test_the_library_path_with_an_aggregate_cache_stamps_too() -> None:
    env = {**event_store_env(DatabaseUrl.parse("memory://")), "AGGREGATE_CACHE_MAXSIZE": "10"}
    book = AggregateStore(env=env)
    channel = new_channel()
    with acting_as(WAREHOUSE):
        book.save(channel)
    assert actors(book, channel) == [WAREHOUSE]
    book.close()


def test_snapshots_are_taken_as_before(book: AggregateStore) -> None:
    channel = new_channel()
    for n in range(30):
        channel.save_checkpoint({"page": n}, NOW)
    with acting_as(WAREHOUSE):
        book.save(channel)
    assert book.snapshots is not None
    [snapshot] = book.snapshots.get(channel.id)
    assert snapshot.originator_version == 25 and "actor" not in snapshot.state
    assert book.get(channel.id) == channel


def test_an_event_that_names_its_actor_keeps_it_and_the_others_are_stamped() -> None:
    named, unnamed = new_channel("a").pending_events[0], new_channel("b").pending_events[0]
    stamp([named], Actor.channel("a"))
    stamp([named, unnamed], WAREHOUSE)
    assert (named.actor, unnamed.actor) == (Actor.channel("a"), WAREHOUSE)  # type: ignore[attr-defined]
    assert "actor" in unnamed.model_fields_set  # type: ignore[attr-defined]
