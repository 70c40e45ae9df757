"""GET /channels/{name} shows the channel's sync log: every sync's summary and error, newest first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from tests.support.fake_channel import FakeKind, channel_order, registry_with
from tests.support.harness import Harness


@pytest.fixture
def kind() -> FakeKind:
    return FakeKind()


@pytest.fixture
def h(start_harness: Callable[..., Harness], kind: FakeKind) -> Harness:
    harness = start_harness(kinds=registry_with(kind))
    harness.register_channel("shop", "fake", {"token": "s3cret"})
    return harness


def sync_log(h: Harness, name: str = "shop") -> list[dict[str, Any]]:
    response = h.client.get(f"/api/v1/channels/{name}")
    assert response.status_code == 200, response.text
    return response.json()["sync_log"]  # type: ignore[no-any-return]


def test_a_channel_that_never_synced_has_an_empty_log(h: Harness) -> None:
    assert sync_log(h) == []


def test_each_sync_is_logged_newest_first_with_its_summary_and_error(h: Harness, kind: FakeKind) -> None:
    for n in range(3):
        kind.shop().put(channel_order(f"A{n}"), h.clock.now() - timedelta(hours=1))
    h.sync("shop")
    h.clock.advance(minutes=10)
    kind.shop().put(channel_order("A9"), h.clock.now() - timedelta(minutes=1))
    kind.shop().fail_after_pages = 0
    h.sync("shop")
    newest, oldest = sync_log(h)
    assert (oldest["fetched"], oldest["imported"], oldest["complete"], oldest["error"]) == (3, 3, True, None)
    assert (newest["complete"], newest["imported"]) == (False, 0)
    assert "fake shop is down" in newest["error"]
    assert newest["finished_at"] > oldest["finished_at"]
    assert newest["started_at"] <= newest["finished_at"]


def test_the_log_keeps_each_channel_apart(h: Harness, kind: FakeKind) -> None:
    h.register_channel("other", "fake", {"token": "t", "shop": "second"})
    h.sync("shop")
    h.sync("other")
    h.sync("other")
    assert (len(sync_log(h, "shop")), len(sync_log(h, "other"))) == (1, 2)


def test_the_log_shows_the_newest_twenty(h: Harness) -> None:
    for _ in range(22):
        h.sync("shop")
        h.clock.advance(seconds=1)
    log = sync_log(h)
    assert len(log) == 20
    assert log == sorted(log, key=lambda s: s["finished_at"], reverse=True)
    assert h.services.sync_log.for_channel("shop", limit=30)[20:] != []
