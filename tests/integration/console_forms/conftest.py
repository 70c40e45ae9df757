"""Fixtures of the console form tests: a store with cheap password hashing, signed-in browsers."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from adapters.channels.registry import KindRegistry, discover_kinds
from domain.staff_account import Role
from tests.integration.console_forms.forms_support import CHEAP, Browser, sign_in
from tests.support.fake_channel import FakeKind
from tests.support.harness import Harness


@pytest.fixture
def kind() -> FakeKind:
    return FakeKind()


@pytest.fixture
def console(database_url: str, kind: FakeKind) -> Iterator[Harness]:
    """A harness whose password hashing is cheap (these tests sign in many times), with the fake
    channel kind and the installed ones."""
    installed = discover_kinds()
    kinds = KindRegistry(
        kinds={**installed.kinds, "fake": kind}, origins={**installed.origins, "fake": "tests"}
    )
    with Harness.start(database_url, password_hasher=CHEAP, kinds=kinds) as h:
        yield h


@pytest.fixture
def browser(console: Harness) -> Callable[..., Browser]:
    return lambda role=Role.STAFF, language=None: sign_in(console, role, language)
