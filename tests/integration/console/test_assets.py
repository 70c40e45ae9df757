"""Every asset comes from orderhub itself: the console's files, and the API docs offline."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from entrypoints.console.rendering import HTMX, STATIC
from tests.support.console import ConsoleBrowser
from tests.support.harness import Harness

REFERENCE = re.compile(r"""\b(?:src|href)\s*=\s*["']([^"']+)["']|\burl:\s*'([^']+)'""", re.IGNORECASE)
"""HTML attributes that load or link something, and the document URL Swagger UI is given."""


def references(html: str) -> list[str]:
    found = [attribute or document for attribute, document in REFERENCE.findall(html)]
    return [url for url in found if not url.startswith("#")]


def local(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//")


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_the_api_docs_load_only_from_this_server(memory_console: Harness, path: str) -> None:
    client = TestClient(memory_console.app)
    page = client.get(path)
    assert page.status_code == 200
    found = references(page.text)
    assert found, "no asset references found: the check would pass on anything"
    assert [url for url in found if not local(url)] == []
    for url in found:
        assert client.get(url).status_code == 200, url
    assert "fonts.googleapis" not in page.text and "cdn" not in page.text.lower()
    # What their scripts would fetch later (ReDoc's logo from cdn.redoc.ly) the browser refuses.
    policy = page.headers["Content-Security-Policy"]
    assert "img-src 'self' data: blob:;" in policy and "connect-src 'self';" in policy


def test_console_pages_load_only_from_this_server(signed_in: Callable[[str], ConsoleBrowser]) -> None:
    browser = signed_in("bob")
    for page in (browser.get("/console"), browser.client.get("/console/login")):
        found = references(page.text)
        assert any(url.endswith("htmx.min.js") for url in found)
        assert [url for url in found if not local(url)] == []
        for url in found:
            asset = browser.client.get(url)
            assert asset.status_code == 200, url
            assert asset.headers["x-content-type-options"] == "nosniff"


def test_htmx_is_the_pinned_file_with_its_licence() -> None:
    readme = (STATIC / "vendor" / "README.md").read_text()
    pinned = re.search(r"sha256 `([0-9a-f]{64})`", readme)
    assert pinned is not None
    assert hashlib.sha256((STATIC / HTMX).read_bytes()).hexdigest() == pinned.group(1)
    assert "Zero-Clause BSD" in (Path(STATIC / HTMX).parent / "LICENSE").read_text()


def test_an_installed_package_carries_the_console_files() -> None:
    """setuptools' package data names every kind of file the console serves."""
    import tomllib

    root = Path(__file__).resolve().parents[3]
    patterns = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"][
        "entrypoints.console"
    ]
    package = root / "entrypoints" / "console"
    for folder in ("templates", "static", "i18n"):
        files = [p for p in (package / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts]
        assert files
        for file in files:
            relative = file.relative_to(package)
            assert any(relative.match(pattern) for pattern in patterns), relative
