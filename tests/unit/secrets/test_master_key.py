"""Where the secret key comes from: ORDERHUB_SECRET_KEY, a key file beside an SQLite file, or nowhere."""

from __future__ import annotations

import base64
import logging
import stat
from pathlib import Path

import pytest

from adapters.persistence.database_url import DatabaseUrl
from adapters.secrets.master_key import SecretKeyConfigError, key_file_for, load_master_key, parse_key

KEY = base64.b64encode(bytes(range(32))).decode()


def sqlite(tmp_path: Path) -> DatabaseUrl:
    return DatabaseUrl.parse(f"sqlite:///{tmp_path / 'orderhub.db'}")


def test_the_variable_wins_on_every_store(tmp_path: Path) -> None:
    for url in ("memory://", f"sqlite:///{tmp_path / 'o.db'}", "postgresql://u@h/db"):
        key = load_master_key(DatabaseUrl.parse(url), f" {KEY}\n")
        assert key.key == bytes(range(32)) and key.source == "ORDERHUB_SECRET_KEY"
    assert not (tmp_path / "o.db.key").exists()


@pytest.mark.parametrize(
    ("value", "problem"),
    [("not base64!", "is not base64"), (base64.b64encode(b"short").decode(), "holds 5 bytes")],
)
def test_a_malformed_key_is_a_startup_error_saying_what_it_must_be(value: str, problem: str) -> None:
    with pytest.raises(SecretKeyConfigError, match=problem) as caught:
        load_master_key(DatabaseUrl.parse("memory://"), value)
    assert "base64 of exactly 32 bytes" in str(caught.value) or "base64 of 32 bytes" in str(caught.value)
    assert "openssl rand -base64 32" in str(caught.value)


def test_postgresql_without_the_variable_is_a_startup_error_naming_it() -> None:
    with pytest.raises(SecretKeyConfigError, match="PostgreSQL needs ORDERHUB_SECRET_KEY"):
        load_master_key(DatabaseUrl.parse("postgresql://u@h/db"), None)
    with pytest.raises(SecretKeyConfigError):
        load_master_key(DatabaseUrl.parse("postgresql://u@h/db"), "   ")


def test_memory_gets_an_ephemeral_key() -> None:
    url = DatabaseUrl.parse("memory://")
    assert load_master_key(url, None).key != load_master_key(url, None).key


def test_sqlite_makes_a_private_key_file_once_and_keeps_using_it(tmp_path: Path) -> None:
    first = load_master_key(sqlite(tmp_path), None)
    path = key_file_for(sqlite(tmp_path))
    assert path == tmp_path / "orderhub.db.key" and first.key_file == path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert parse_key(path.read_text(), "file") == first.key
    assert load_master_key(sqlite(tmp_path), None).key == first.key


def test_a_key_file_made_while_sealed_values_exist_is_logged_as_a_lost_key(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        load_master_key(sqlite(tmp_path), None, lambda: {"0123456789abcdef"})
    assert "was missing" in caplog.text and "0123456789abcdef" in caplog.text
    assert "restore the old key file from your backup" in caplog.text


def test_a_damaged_key_file_is_a_startup_error_naming_the_file(tmp_path: Path) -> None:
    key_file_for(sqlite(tmp_path)).write_text("garbage")
    with pytest.raises(SecretKeyConfigError, match=r"orderhub\.db\.key is not base64"):
        load_master_key(sqlite(tmp_path), None)
