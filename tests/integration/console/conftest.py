"""A console on each store with three users: admin "anna", staff "bob", viewer "vera"."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tests.support.console import CHEAP, ConsoleBrowser, add_users
from tests.support.harness import Harness


@pytest.fixture
def console(database_url: str) -> Iterator[Harness]:
    with Harness.start(database_url, password_hasher=CHEAP) as h:
        add_users(h)
        yield h


@pytest.fixture
def memory_console() -> Iterator[Harness]:
    """For rules that do not depend on the store: memory only."""
    with Harness.start(password_hasher=CHEAP) as h:
        add_users(h)
        yield h


@pytest.fixture
def signed_in(memory_console: Harness) -> Callable[[str], ConsoleBrowser]:
    return lambda name: ConsoleBrowser.signed_in(memory_console, name)
