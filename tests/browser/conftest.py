"""Fixtures of the browser tests: one Chromium per session (per xdist worker), one orderhub per module.

``browsing.page("staff")`` is a page in a fresh browser context signed in as ``staff``; every
context is guarded so that no request leaves the server's origin (the test fails if one tried).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Playwright, sync_playwright

from tests.browser.support import (
    Browsing,
    LiveServer,
    browser_missing_reason,
    browser_required,
    chromium_path,
)
from tools.live_console import CHROMIUM_ARGS

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    reason = browser_missing_reason()
    if reason is not None:
        if browser_required():
            pytest.fail(f"ORDERHUB_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Chromium by its path, headless, with a fresh profile (Playwright makes a new user data
    directory for every launch and removes it at close)."""
    launched = playwright.chromium.launch(executable_path=str(chromium_path()), args=CHROMIUM_ARGS)
    yield launched
    launched.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(tmp_path_factory.mktemp("orderhub")).start()
    yield live
    live.stop()


@pytest.fixture(scope="module")
def _signed_in() -> dict[str, Any]:
    return {}


@pytest.fixture
def browsing(browser: Browser, server: LiveServer, _signed_in: dict[str, Any]) -> Iterator[Browsing]:
    contexts = Browsing(browser, server, _signed_in)
    yield contexts
    contexts.close()
