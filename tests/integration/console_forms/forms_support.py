"""Signed-in console clients for the form tests: one browser (TestClient) per user and role."""

from __future__ import annotations

import contextlib
import re

import httpx
from fastapi.testclient import TestClient

from adapters.argon2_passwords import Argon2Parameters, Argon2PasswordHasher
from domain.staff_account import DuplicateUserError, Role
from tests.support.harness import Harness

PASSWORD = "correct horse battery staple"
CHEAP = Argon2PasswordHasher(Argon2Parameters(time_cost=1, memory_cost_kib=8, parallelism=1))
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class Browser:
    """A signed-in user's browser: its cookies, and the CSRF token its pages carry."""

    def __init__(self, client: TestClient, api: TestClient) -> None:
        self.client, self.api = client, api
        self.csrf = ""

    def get(self, path: str, params: dict[str, str] | None = None) -> httpx.Response:
        response = self.client.get(path, params=params, follow_redirects=False)
        if found := CSRF.search(response.text):
            self.csrf = found[1]
        return response

    def post(
        self, path: str, data: list[tuple[str, str]] | dict[str, str], csrf: bool = True
    ) -> httpx.Response:
        pairs = list(data.items()) if isinstance(data, dict) else list(data)
        if csrf:
            pairs.append(("csrf_token", self.csrf or self._token()))
        fields: dict[str, list[str]] = {}
        for name, value in pairs:  # a repeated name (the order's lines) keeps its values in order
            fields.setdefault(name, []).append(value)
        return self.client.post(path, data=fields, follow_redirects=False)

    def _token(self) -> str:
        self.get("/console")
        return self.csrf

    def total(self, what: str) -> int:
        """How many orders or customers the API lists (what is stored)."""
        return int(self.api.get(f"/api/v1/{what}", params={"limit": 1}).json()["total"])


def sign_in(harness: Harness, role: Role, language: str | None = None) -> Browser:
    name = f"{role.value}-user"
    with contextlib.suppress(DuplicateUserError):  # signed in before in this test
        harness.services.users.add(name, role, PASSWORD)
    client = TestClient(harness.app, raise_server_exceptions=False)
    if language:
        client.headers["Accept-Language"] = language
    page = client.get("/console/login")
    token = CSRF.search(page.text)
    assert token is not None, page.text
    answer = client.post(
        "/console/login",
        data={"username": name, "password": PASSWORD, "csrf_token": token[1], "next": "/console"},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    browser = Browser(client, harness.client)
    browser._token()
    return browser
