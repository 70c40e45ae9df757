"""The application on in-memory persistence, as the use-case tests drive it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from adapters.channels.registry import KindRegistry
from entrypoints.bootstrap import Services, bootstrap
from testkit.channel_plugins import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 11, 2, 9, 0, tzinfo=UTC))


@pytest.fixture
def services(clock: FakeClock) -> Iterator[Services]:
    built = bootstrap("memory://", clock=clock, kinds=KindRegistry())
    yield built
    built.close()
