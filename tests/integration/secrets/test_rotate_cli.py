"""``orderhub secrets rotate``: every secret re-sealed under a new key at once; the old key stops working."""

from __future__ import annotations

import base64
import os
import pty
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from entrypoints.cli import app
from tests.integration.secrets.conftest import Shop
from tests.integration.secrets.stored import settings_row
from tests.support.harness import Harness

KEY_A = base64.b64encode(b"a" * 32).decode()
KEY_B = base64.b64encode(b"b" * 32).decode()
KEY_C = base64.b64encode(b"c" * 32).decode()


def cli(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), input=stdin)
    return result.exit_code, " ".join(result.output.split())  # rich wraps long lines


def register(url: str, shop: Shop) -> dict[str, Any]:
    with Harness.start(url) as h:
        h.register_channel("woo", "jtl-connector", shop.settings())
        assert h.sync("woo")["complete"]
        return settings_row(h.services, "woo")


def sync_with(url: str, monkeypatch: pytest.MonkeyPatch, key: str | None) -> dict[str, Any]:
    if key is None:
        monkeypatch.delenv("ORDERHUB_SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("ORDERHUB_SECRET_KEY", key)
    with Harness.start(url) as h:
        return h.sync("woo")


def old_key_refused_new_key_syncs(
    url: str, monkeypatch: pytest.MonkeyPatch, shop: Shop, old: str, new: str | None
) -> dict[str, Any]:
    """After a rotation: the old key opens nothing, the new one syncs new orders; the row after."""
    refused = sync_with(url, monkeypatch, old)
    assert not refused["complete"] and "the secret key does not match" in refused["error"]
    shop.shop.add_generated_orders(2, seed=3)
    synced = sync_with(url, monkeypatch, new)
    assert synced["complete"] and synced["imported"] == 2
    with Harness.start(url) as h:
        return settings_row(h.services, "woo")


@pytest.fixture
def key_a_url(shared_database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """SQLite and PostgreSQL, with ORDERHUB_SECRET_KEY set to KEY_A (the CLI reads the environment)."""
    monkeypatch.setenv("ORDERHUB_DATABASE_URL", shared_database_url)
    monkeypatch.setenv("ORDERHUB_SECRET_KEY", KEY_A)
    return shared_database_url


@pytest.fixture
def sqlite_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'orderhub.db'}"
    monkeypatch.setenv("ORDERHUB_DATABASE_URL", url)
    monkeypatch.delenv("ORDERHUB_SECRET_KEY", raising=False)
    return url


def test_rotating_the_key_file_reseals_every_secret_and_the_old_key_stops_working(
    sqlite_url: str, tmp_path: Path, shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = register(sqlite_url, shop)
    key_file = tmp_path / "orderhub.db.key"
    old_key = key_file.read_text().strip()
    code, out = cli("secrets", "rotate")
    assert code == 0, out
    new_key = key_file.read_text().strip()
    assert new_key != old_key and new_key not in out  # never printed when it has a file
    assert "Re-encrypted the secrets of 1 channel(s)" in out and "Back it up now" in out
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert sorted(p.name for p in tmp_path.iterdir() if ".key" in p.name) == ["orderhub.db.key"]
    after = old_key_refused_new_key_syncs(sqlite_url, monkeypatch, shop, old_key, None)
    assert after["key_id"] != before["key_id"]


def test_rotating_an_environment_key_takes_the_new_key_from_a_file_and_says_what_to_set(
    key_a_url: str, tmp_path: Path, shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = register(key_a_url, shop)
    code, out = cli("secrets", "rotate")  # a generated key would go to a pipe: refused
    assert code == 2 and "standard output is not a terminal" in out and "Nothing was changed" in out
    new_key = tmp_path / "new.key"
    new_key.write_text(KEY_B + "\n")
    code, out = cli("secrets", "rotate", "--new-key-file", str(new_key))
    assert code == 0, out
    assert "set ORDERHUB_SECRET_KEY to the new key" in out and KEY_B not in out
    after = old_key_refused_new_key_syncs(key_a_url, monkeypatch, shop, KEY_A, KEY_B)
    assert after["secrets"] != before["secrets"]


def test_the_new_key_can_come_from_standard_input(
    sqlite_url: str, shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ORDERHUB_SECRET_KEY", KEY_A)
    register(sqlite_url, shop)
    code, out = cli("secrets", "rotate", "--new-key-file", "-", stdin=KEY_B + "\n")
    assert code == 0 and "The new key is the one in standard input" in out
    assert sync_with(sqlite_url, monkeypatch, KEY_B)["complete"]


def test_a_rotation_the_current_key_cannot_open_changes_nothing(
    key_a_url: str, tmp_path: Path, shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = register(key_a_url, shop)
    (tmp_path / "c.key").write_text(KEY_C)
    monkeypatch.setenv("ORDERHUB_SECRET_KEY", KEY_B)
    code, out = cli("secrets", "rotate", "--new-key-file", str(tmp_path / "c.key"))
    assert code == 1 and "the secret key does not match" in out and "Nothing was changed" in out
    with Harness.start(key_a_url) as h:
        assert settings_row(h.services, "woo") == before
    assert sync_with(key_a_url, monkeypatch, KEY_A)["complete"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [(None, "No such file"), ("no good!", "is not base64"), (KEY_A, "the new key is the key in use")],
)
def test_a_new_key_that_cannot_be_used_is_refused(
    sqlite_url: str, tmp_path: Path, shop: Shop, monkeypatch: pytest.MonkeyPatch, content: str, problem: str
) -> None:
    monkeypatch.setenv("ORDERHUB_SECRET_KEY", KEY_A)
    before = register(sqlite_url, shop)
    if content is not None:
        (tmp_path / "new.key").write_text(content)
    code, out = cli("secrets", "rotate", "--new-key-file", str(tmp_path / "new.key"))
    assert code == 2 and problem in out and "Nothing was changed" in out
    with Harness.start(sqlite_url) as h:
        assert settings_row(h.services, "woo") == before


def test_a_generated_key_is_printed_to_a_terminal(
    sqlite_url: str, shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ORDERHUB_SECRET_KEY", KEY_A)
    register(sqlite_url, shop)
    main, terminal = pty.openpty()
    command = [sys.executable, "-c", "from entrypoints.cli import main; main()", "secrets", "rotate"]
    process = subprocess.Popen(command, stdout=terminal, stderr=terminal, stdin=subprocess.DEVNULL)
    os.close(terminal)
    output = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        output += chunk
    assert process.wait(timeout=60) == 0, output
    text = re.sub(r"\x1b\[[0-9;]*m", "", output.decode())
    printed = re.search(r"shown only this once\): (\S+)", text)
    assert printed is not None, text
    assert sync_with(sqlite_url, monkeypatch, printed.group(1))["complete"]


def test_postgresql_without_the_key_is_a_clear_startup_error(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = f"sqlite:///{tmp_path / 'old.db'}"
    Harness.start(source).close()
    monkeypatch.setenv("ORDERHUB_DATABASE_URL", postgres_url)
    monkeypatch.delenv("ORDERHUB_SECRET_KEY")
    for command in (
        ("projections", "status"),
        ("secrets", "rotate"),
        ("migrate-store", source, postgres_url),
    ):
        code, out = cli(*command)
        assert code == 2 and "PostgreSQL needs ORDERHUB_SECRET_KEY" in out
        assert "openssl rand -base64 32" in out


def test_the_demo_on_postgresql_without_the_key_says_what_to_set(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from entrypoints.demo.options import DemoOptions
    from entrypoints.demo.runner import run_demo

    monkeypatch.delenv("ORDERHUB_SECRET_KEY")
    said: list[str] = []
    assert run_demo(DemoOptions(port=free_port(), database_url=postgres_url, oscar=False), said.append) == 2
    assert any("PostgreSQL needs ORDERHUB_SECRET_KEY" in line for line in said), said


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
