"""Fixtures shared by every test layer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.harness import Harness


@pytest.fixture
def harness() -> Iterator[Harness]:
    with Harness.start() as h:
        yield h
