"""Where the sign-in page sends the user afterwards: a console path of this server, or home."""

from __future__ import annotations

import pytest

from entrypoints.console.security import safe_next


@pytest.mark.parametrize(
    "wanted", ["/console", "/console/orders?status=paid&offset=50", "/console/orders/ORD-000001"]
)
def test_a_console_path_is_kept(wanted: str) -> None:
    assert safe_next(wanted) == wanted


@pytest.mark.parametrize(
    "wanted",
    [
        None,
        "",
        "https://evil.example/console",
        "//evil.example/console",
        "///evil.example",
        "/\\evil.example",
        "/console\\..\\x",
        "console/orders",
        "/consoleevil",
        "/api/v1/orders",
        "/console/login?next=/console",
        "/console/logout",
        "/console\r\nSet-Cookie: x",
    ],
)
def test_anything_else_goes_home(wanted: str | None) -> None:
    assert safe_next(wanted) == "/console"
