"""The form tests' browsers: the foundation's ConsoleBrowser (tests/support/console.py), posting
forms whose fields repeat (the order's lines) and counting what is stored."""

from __future__ import annotations

import httpx

from domain.staff_account import Role
from tests.support.console import ConsoleBrowser
from tests.support.harness import Harness

NAMES = {Role.ADMIN: "anna", Role.STAFF: "bob", Role.VIEWER: "vera"}
"""The users ``add_users`` makes, by role."""


class Browser:
    """A signed-in user's browser."""

    def __init__(self, harness: Harness, role: Role, language: str | None) -> None:
        self.harness = harness
        self.console = ConsoleBrowser.signed_in(harness, NAMES[role])
        if language:
            self.console.client.headers["Accept-Language"] = language
        self.console.get("/console")  # the CSRF token of the session

    def get(self, path: str, params: dict[str, str] | None = None) -> httpx.Response:
        return self.console.get(path, params=params, follow_redirects=False)

    def post(
        self, path: str, data: list[tuple[str, str]] | dict[str, str], csrf: bool = True
    ) -> httpx.Response:
        fields: dict[str, list[str]] = {}
        for name, value in data.items() if isinstance(data, dict) else data:
            fields.setdefault(name, []).append(value)  # a repeated name keeps its values in order
        if not csrf:
            fields["csrf_token"] = [""]
        return self.console.post(path, fields, follow_redirects=False)

    def total(self, what: str) -> int:
        """How many orders or customers the API lists (what is stored)."""
        return int(self.harness.client.get(f"/api/v1/{what}", params={"limit": 1}).json()["total"])
