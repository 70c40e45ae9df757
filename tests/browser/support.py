"""What the browser tests share: Debian's Chromium found by its path, a live orderhub, the guards.

Chromium cannot be downloaded here (no ``playwright install``): Playwright drives the distribution's
browser at ``/usr/bin/chromium`` (``ORDERHUB_CHROMIUM`` names another). Without it the tests skip
with the reason, except under ``ORDERHUB_REQUIRE_BROWSER=1`` (CI, ``.ci/run``), where they fail.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Locator, Page, Request, Route

from tools.live_console import PASSWORD, LiveServer, chromium_path


def browser_required() -> bool:
    return os.environ.get("ORDERHUB_REQUIRE_BROWSER") == "1"


def browser_missing_reason() -> str | None:
    path = chromium_path()
    if not (path.is_file() and os.access(path, os.X_OK)):
        return (
            f"no Chromium at {path}: install Debian's (`apt-get install -y chromium`) "
            "or set ORDERHUB_CHROMIUM to a Chromium binary"
        )
    return None


@dataclass
class OriginGuard:
    """Lets a page reach its server's origin only: any other request is recorded and aborted, so a
    page that would need a CDN or a font service fails its test here as it would fail offline."""

    origin: str
    left: list[str] = field(default_factory=list)

    def install(self, context: BrowserContext) -> None:
        context.route("**/*", self._route)
        context.on("request", self._seen)  # also what routing cannot see (e.g. a service worker's)

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return True
        return f"{parts.scheme}://{parts.netloc}" == self.origin

    def _route(self, route: Route) -> None:
        if self._allowed(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    def _seen(self, request: Request) -> None:
        if not self._allowed(request.url) and request.url not in self.left:
            self.left.append(request.url)

    def check(self) -> None:
        assert not self.left, f"requests left {self.origin}: {self.left}"


class Browsing:
    """New browser contexts on one server: signed in as a role (or not), in a language, guarded."""

    def __init__(self, browser: Browser, server: LiveServer, signed_in: dict[str, Any]) -> None:
        self.browser, self.server = browser, server
        self._contexts: list[tuple[BrowserContext, OriginGuard]] = []
        self._signed_in = signed_in  # the cookies of each user signed in, kept per module

    def context(
        self, locale: str = "en-GB", storage_state: Any = None, javascript: bool = True
    ) -> BrowserContext:
        context = self.browser.new_context(
            base_url=self.server.url,
            locale=locale,
            timezone_id="Europe/Berlin",
            storage_state=storage_state,
            java_script_enabled=javascript,
        )
        context.set_default_timeout(10_000)
        guard = OriginGuard(self.server.url)
        guard.install(context)
        self._contexts.append((context, guard))
        return context

    def page(self, user: str | None = None, locale: str = "en-GB", javascript: bool = True) -> Page:
        """A page in a new context, signed in as ``user`` (through the login page, once per module:
        later contexts, in any language, start from the cookies it left)."""
        state = self._state(user) if user else None
        return self.context(locale, state, javascript).new_page()

    def _state(self, user: str) -> Any:
        if user not in self._signed_in:
            page = self.context().new_page()
            sign_in(page, user)
            self._signed_in[user] = page.context.storage_state()
        return self._signed_in[user]

    def close(self) -> None:
        """Closes every context; fails when any page sent a request away from the server."""
        guards = [guard for _, guard in self._contexts]
        for context, _ in self._contexts:
            context.close()
        self._contexts.clear()
        for guard in guards:
            guard.check()


def main_navigation(page: Page) -> Locator:
    """The navigation landmark that holds the console's parts (a page may have others, e.g. paging)."""
    dashboard = page.get_by_role("link", name=re.compile(r"^(Dashboard|Übersicht)$"))
    return page.get_by_role("navigation").filter(has=dashboard)


def sign_in(page: Page, user: str, password: str = PASSWORD, path: str = "/console/login") -> None:
    page.goto(path)
    page.get_by_label("Username").fill(user)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def serious_violations(page: Page) -> list[str]:
    """axe-core's (bundled by axe-playwright-python) serious and critical findings on the page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(str(n['target']) for n in v['nodes'][:5])}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


def assert_accessible(page: Page) -> None:
    found = serious_violations(page)
    assert not found, f"axe on {page.url}:\n" + "\n".join(found)


def hidden_fields(page: Page, form_selector: str = "form") -> dict[str, str]:
    """The hidden inputs of a form on the page (its CSRF token among them)."""
    fields: dict[str, str] = page.eval_on_selector(
        form_selector,
        "f => Object.fromEntries([...f.querySelectorAll('input[type=hidden]')].map(i => [i.name, i.value]))",
    )
    return fields


def wait_for(check: Any, timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.1)
