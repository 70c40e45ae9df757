"""``orderhub keys create|list|revoke --database-url …``: the key is printed once, works with its
scopes at once, is listed without its value and refused once revoked; bad input exits 2 saying why."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from entrypoints import cli
from tests.support.harness import Harness


def said(output: str) -> str:
    return " ".join(output.split())


@pytest.fixture(autouse=True)
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli.console, "width", 200)  # tables unwrapped, so ids read whole


@pytest.fixture
def server(shared_database_url: str) -> Iterator[Harness]:
    with Harness.start(shared_database_url) as h:
        yield h


def keys(url: str, *args: str) -> Result:
    return CliRunner().invoke(cli.app, ["keys", *args, "--database-url", url])


def created(url: str, name: str, *scopes: str) -> tuple[str, str]:
    """The new key's id and the key (its own last line)."""
    result = keys(url, "create", name, *[arg for s in scopes for arg in ("--scope", s)])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    key = lines[-1]
    assert key.startswith("oh_") and result.output.count(key) == 1
    key_id = said(result.output).split("API key ", 1)[1].split(" ", 1)[0]
    return key_id, key


def test_a_key_made_on_the_command_line_is_printed_once_and_works_with_its_scopes(
    server: Harness, shared_database_url: str
) -> None:
    key_id, key = created(shared_database_url, "warehouse", "orders:read", "reports:read")
    bearer = {"Authorization": f"Bearer {key}"}
    assert server.client.get("/api/v1/orders", headers=bearer).status_code == 200
    assert server.client.get("/api/v1/customers", headers=bearer).status_code == 403
    [item] = server.client.get("/api/v1/api-keys").json()["items"]
    assert item["id"] == key_id and item["scopes"] == ["orders:read", "reports:read"]


def test_the_list_shows_every_key_without_its_value(server: Harness, shared_database_url: str) -> None:
    key_id, key = created(shared_database_url, "warehouse", "orders:write")
    other_id, _ = created(shared_database_url, "books", "reports:read")
    result = keys(shared_database_url, "list")
    assert result.exit_code == 0, result.output
    text = said(result.output)
    assert key_id in text and other_id in text and "warehouse" in text and "orders:write" in text
    assert "never" in text and key not in result.output


def test_a_revoked_key_is_refused_by_the_running_server(server: Harness, shared_database_url: str) -> None:
    key_id, key = created(shared_database_url, "till", "orders:write")
    bearer = {"Authorization": f"Bearer {key}"}
    assert server.client.get("/api/v1/orders", headers=bearer).status_code == 200
    result = keys(shared_database_url, "revoke", key_id)
    assert result.exit_code == 0, result.output
    assert f"API key {key_id} revoked" in said(result.output)
    assert server.client.get("/api/v1/orders", headers=bearer).status_code == 401
    again = keys(shared_database_url, "revoke", key_id)
    assert again.exit_code == 2
    assert f"API key {key_id} not found" in said(again.output)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["create", "x", "--scope", "orders:read", "--scope", "orders:nuke"], "unknown scope 'orders:nuke'"),
        (["create", "x"], "at least one scope is needed"),
        (["create", " ", "--scope", "admin"], "name: String should have at least 1 character"),
    ],
)
def test_bad_input_exits_2_saying_why_and_makes_no_key(tmp_path: Path, args: list[str], message: str) -> None:
    url = f"sqlite:///{tmp_path / 'orderhub.db'}"
    result = keys(url, *args)
    assert result.exit_code == 2, result.output
    assert message in said(result.output)
    assert not (tmp_path / "orderhub.db").exists()  # refused before the store was opened


@pytest.mark.parametrize("args", [["list"], ["revoke", "abc"]])
def test_list_and_revoke_refuse_a_database_that_is_not_there(tmp_path: Path, args: list[str]) -> None:
    missing = tmp_path / "typo.db"
    result = keys(f"sqlite:///{missing}", *args)
    assert result.exit_code == 2
    assert f"there is no database at {missing}" in said(result.output)
    assert not missing.exists()
