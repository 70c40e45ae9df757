"""Fixtures of the console form tests: a console on each store (the fake channel kind beside the
installed ones) with the foundation's three users, and a browser per role."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from adapters.channels.registry import KindRegistry, discover_kinds
from domain.staff_account import Role
from tests.integration.console_forms.forms_support import Browser
from tests.support.console import CHEAP, add_users
from tests.support.fake_channel import FakeKind, FetchingFakeChannel
from tests.support.harness import Harness


@pytest.fixture
def kind() -> FakeKind:
    return FakeKind(FetchingFakeChannel)  # fetches one order by id: a quarantined one can be retried


@pytest.fixture
def console(database_url: str, kind: FakeKind) -> Iterator[Harness]:
    installed = discover_kinds()
    kinds = KindRegistry(
        kinds={**installed.kinds, "fake": kind}, origins={**installed.origins, "fake": "tests"}
    )
    with Harness.start(database_url, password_hasher=CHEAP, kinds=kinds) as h:
        add_users(h)
        yield h


@pytest.fixture
def browser(console: Harness) -> Callable[..., Browser]:
    """``browser(role=Role.STAFF, language=None)``: a browser signed in as that role's user."""
    return lambda role=Role.STAFF, language=None: Browser(console, role, language)
