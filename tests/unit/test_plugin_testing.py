"""The helpers plug-in authors test with (testkit/channel_plugins.py)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import BaseModel, Field, SecretStr

from ports.channels import (
    ChannelContext,
    PulledPage,
    PullWindow,
    PushOutcome,
    StatusPush,
    TimeWindowedSettings,
)
from testkit.channel_plugins import (
    FakeClock,
    check_kind_conformance,
    collect_pages,
    make_context,
    secret_values,
    window_back,
)


class _Settings(TimeWindowedSettings):
    url: str = "http://shop.invalid"
    password: SecretStr = Field(default=SecretStr("s3cret"), json_schema_extra={"secret": True})


class _Channel:
    def __init__(self, pages: list[object]) -> None:
        self.pages, self.closed = pages, False

    def pull(self, window: PullWindow, checkpoint: Mapping[str, Any] | None) -> Iterator[Any]:
        yield from self.pages

    def acknowledge(self, receipts: list[str]) -> None:
        pass

    def push(self, change: StatusPush) -> PushOutcome:
        return PushOutcome(delivered=True)

    def close(self) -> None:
        self.closed = True


class _Kind:
    name = "fake-kind"
    settings_model: type[BaseModel] = _Settings
    pulls_by_time = True

    def __init__(self) -> None:
        self.opened: list[_Channel] = []

    def open(self, settings: BaseModel, context: ChannelContext) -> _Channel:
        self.opened.append(_Channel([]))
        return self.opened[-1]


def test_fake_clock_moves_only_when_told() -> None:
    clock = FakeClock(datetime(2025, 3, 1, tzinfo=UTC))
    assert clock.now() == clock.now()
    assert clock.advance(minutes=5) == datetime(2025, 3, 1, 0, 5, tzinfo=UTC)


def test_context_sleep_records_waits_and_advances_the_clock() -> None:
    context = make_context()
    before = context.clock.now()
    context.sleep(2.5)
    assert context.sleep.waits == [2.5]
    assert context.clock.now() - before == timedelta(seconds=2.5)


def test_a_conforming_kind_passes_and_its_channel_is_closed() -> None:
    kind = _Kind()
    check_kind_conformance(kind, {"url": "http://x.invalid", "password": "p"})
    assert kind.opened[0].closed


def test_a_secret_looking_field_in_plain_text_is_reported() -> None:
    class Leaky(BaseModel):
        api_token: str = ""

    kind = _Kind()
    kind.settings_model = Leaky
    with pytest.raises(AssertionError, match="'api_token' looks secret"):
        check_kind_conformance(kind)


def test_collect_pages_rejects_a_checkpoint_that_is_not_json() -> None:
    channel = _Channel([PulledPage(checkpoint={"at": datetime.now(UTC)})])
    with pytest.raises(AssertionError, match="checkpoint is not JSON-serialisable"):
        collect_pages(channel, window_back(FakeClock()))


def test_collect_pages_rejects_something_that_is_not_a_page() -> None:
    with pytest.raises(AssertionError, match="not a PulledPage"):
        collect_pages(_Channel([{"orders": []}]), window_back(FakeClock()))


def test_secret_values_lists_the_clear_text_secrets() -> None:
    assert secret_values(_Settings()) == ["s3cret"]
