"""The console driven through TestClient, one browser (cookie jar) per user.

with Harness.start(password_hasher=CHEAP) as h:
    add_users(h)                                   # admin "anna", staff "bob", viewer "vera"
    staff = ConsoleBrowser.signed_in(h, "bob")
    staff.get("/console/orders")                   # a page (follows redirects)
    staff.post("/console/orders/<id>/paid", {...})  # the session's CSRF token is added
"""

from __future__ import annotations

import re
from typing import Any

import httpx
from fastapi.testclient import TestClient

from adapters.argon2_passwords import Argon2Parameters, Argon2PasswordHasher
from domain.staff_account import Role
from tests.support.harness import Harness

CHEAP = Argon2PasswordHasher(Argon2Parameters(time_cost=1, memory_cost_kib=64, parallelism=1))
"""A fast Argon2id for tests that sign in often (the real parameters take ~50 ms a hash)."""
PASSWORD = "correct horse battery"
USERS = {"anna": Role.ADMIN, "bob": Role.STAFF, "vera": Role.VIEWER}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def add_users(harness: Harness) -> None:
    for name, role in USERS.items():
        harness.services.users.add(name, role, PASSWORD)


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


class ConsoleBrowser:
    def __init__(self, harness: Harness, base_url: str = "http://testserver") -> None:
        self.harness = harness
        self.client = TestClient(harness.app, base_url=base_url, raise_server_exceptions=False)
        self.csrf = ""

    @classmethod
    def signed_in(cls, harness: Harness, name: str, password: str = PASSWORD) -> ConsoleBrowser:
        browser = cls(harness)
        response = browser.sign_in(name, password)
        assert response.status_code == 200 and response.url.path == "/console", response.text[:500]
        return browser

    def sign_in(self, name: str, password: str = PASSWORD, next_path: str | None = None) -> httpx.Response:
        page = self.client.get("/console/login", params={"next": next_path} if next_path else None)
        form = {"username": name, "password": password, "csrf_token": csrf_of(page.text)}
        if next_path is not None:
            form["next"] = next_path
        response = self.client.post("/console/login", data=form)
        if response.status_code == 200 and 'name="csrf_token"' in response.text:
            self.csrf = csrf_of(response.text)
        return response

    def get(self, path: str, **options: Any) -> httpx.Response:
        response = self.client.get(path, **options)
        if response.status_code == 200 and 'name="csrf_token"' in response.text:
            self.csrf = csrf_of(response.text)
        return response

    def post(self, path: str, data: dict[str, Any] | None = None, **options: Any) -> httpx.Response:
        """A form as the page sends it: with the session's CSRF token (unless ``data`` has one)."""
        form = {"csrf_token": self.csrf, **(data or {})}
        return self.client.post(path, data=form, **options)
