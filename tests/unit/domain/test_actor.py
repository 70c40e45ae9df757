"""The actor an event records: a small frozen value of four kinds, absent on events stored before."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from domain.actor import BEFORE_ACTORS, Actor, ActorKind, recorded_actor
from domain.channel import Channel
from domain.eventsourced import Snapshot

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_each_kind_has_its_constructor_and_json_form() -> None:
    assert [
        a.model_dump(mode="json")
        for a in (
            Actor.user("maria"),
            Actor.api_key("warehouse"),
            Actor.channel("ebay-de"),
            Actor.system("scheduler"),
        )
    ] == [
        {"kind": "user", "name": "maria"},
        {"kind": "api_key", "name": "warehouse"},
        {"kind": "channel", "name": "ebay-de"},
        {"kind": "system", "name": "scheduler"},
    ]
    assert {k.value for k in ActorKind} == {"user", "api_key", "channel", "system"}


def test_an_actor_is_frozen_and_refuses_an_unknown_kind_an_empty_name_or_extra_fields() -> None:
    actor = Actor.api_key("warehouse")
    with pytest.raises(ValidationError):
        actor.name = "other"  # type: ignore[misc]
    for bad in (
        {"kind": "robot", "name": "x"},
        {"kind": "user", "name": ""},
        {"kind": "user", "name": "x", "a": 1},
    ):
        with pytest.raises(ValidationError):
            Actor.model_validate(bad)


def test_a_new_event_has_no_actor_until_it_is_saved_and_an_old_one_shows_before_actors() -> None:
    channel = Channel.register(
        name="shop", kind="fake", public_settings={}, sync_interval_seconds=None, now=NOW
    )
    [event] = channel.pending_events
    assert event.actor is None  # type: ignore[attr-defined]
    assert recorded_actor(event) == BEFORE_ACTORS == Actor.system("before actors were recorded")
    stamped = event.model_copy(update={"actor": Actor.channel("shop")})  # type: ignore[attr-defined]
    assert recorded_actor(stamped) == Actor.channel("shop")


def test_an_event_without_the_field_loads_and_one_with_it_round_trips() -> None:
    channel = Channel.register(
        name="shop", kind="fake", public_settings={}, sync_interval_seconds=None, now=NOW
    )
    [event] = channel.pending_events
    old = event.model_dump(mode="json")  # type: ignore[attr-defined]
    del old["actor"]
    assert type(event).model_validate(old).actor is None  # type: ignore[attr-defined]
    with_actor = {**old, "actor": {"kind": "api_key", "name": "warehouse"}}
    assert type(event).model_validate(with_actor).actor == Actor.api_key("warehouse")  # type: ignore[attr-defined]


def test_snapshots_carry_no_actor() -> None:
    assert "actor" not in Snapshot.model_fields
    channel = Channel.register(
        name="shop", kind="fake", public_settings={}, sync_interval_seconds=None, now=NOW
    )
    assert "actor" not in Snapshot.take(channel).model_dump()
    assert Snapshot.take(channel).mutate(None).name == channel.name
