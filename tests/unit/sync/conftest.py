"""The sync tests drive orderhub through a harness with an in-memory channel kind."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.support.fake_channel import FakeKind, registry_with
from tests.support.harness import Harness


@pytest.fixture
def kind() -> FakeKind:
    return FakeKind()


@pytest.fixture
def h(kind: FakeKind, start_harness: Callable[..., Harness]) -> Harness:
    """On every store (memory, SQLite, PostgreSQL)."""
    harness = start_harness(kinds=registry_with(kind))
    harness.register_channel("shop", "fake", {"token": "s3cret"})
    return harness
