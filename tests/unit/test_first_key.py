"""The first-start API key: on a terminal it is shown, otherwise it goes into a file only its owner reads."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.channels.registry import KindRegistry
from application.api_keys import key_hash
from entrypoints.bootstrap import Services, bootstrap
from entrypoints.first_key import ensure_api_key, key_file, write_private
from entrypoints.settings import Settings


@pytest.fixture
def services() -> Iterator[Services]:
    built = bootstrap("memory://", kinds=KindRegistry())
    yield built
    built.close()


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def test_the_file_is_beside_the_sqlite_database_or_where_the_setting_says(tmp_path: Path) -> None:
    assert key_file(settings(), tmp_path / "var" / "orderhub.db") == tmp_path / "var" / "first-api-key.txt"
    assert key_file(settings(), None) == Path.cwd() / "orderhub-first-api-key.txt"  # PostgreSQL, memory
    chosen = tmp_path / "k.txt"
    assert key_file(settings(first_key_file=chosen), tmp_path / "orderhub.db") == chosen


def test_the_file_is_private_whatever_the_umask_and_replaces_a_leftover(tmp_path: Path) -> None:
    path = tmp_path / "dir" / "key.txt"
    old = os.umask(0)
    try:
        path.parent.mkdir()
        path.write_text("old")
        path.chmod(0o644)
        write_private(path, "new\n")
    finally:
        os.umask(old)
    assert path.read_text() == "new\n"
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["key.txt"]


def test_without_a_terminal_the_key_is_written_not_said(services: Services, tmp_path: Path) -> None:
    lines: list[str] = []
    written = ensure_api_key(services, settings(), tmp_path / "orderhub.db", lines.append, on_terminal=False)
    assert written == tmp_path / "first-api-key.txt"
    key = written.read_text().strip()
    assert services.api_keys.contains_hash(key_hash(key))
    assert all(key not in line for line in lines) and str(written) in " ".join(lines)
    again: list[str] = []
    assert (
        ensure_api_key(services, settings(), tmp_path / "orderhub.db", again.append, on_terminal=False)
        is None
    )
    assert again == [] and written.read_text().strip() == key  # once


def test_on_a_terminal_the_key_is_said_and_no_file_is_written(services: Services, tmp_path: Path) -> None:
    lines: list[str] = []
    assert (
        ensure_api_key(services, settings(), tmp_path / "orderhub.db", lines.append, on_terminal=True) is None
    )
    assert not (tmp_path / "first-api-key.txt").exists()
    [key] = [
        w for line in lines for w in line.replace("[", " ").replace("]", " ").split() if w.startswith("oh_")
    ]
    assert services.api_keys.contains_hash(key_hash(key))


def test_no_key_is_made_when_one_is_configured(services: Services, tmp_path: Path) -> None:
    configured = settings(api_key="s3cret")
    assert ensure_api_key(services, configured, tmp_path / "orderhub.db", print, on_terminal=False) is None
    assert not services.api_keys.has_any() and not (tmp_path / "first-api-key.txt").exists()
