"""``--database-url`` on serve, sync, projections and worker; commands on existing data refuse a
database that is not there instead of creating an empty one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from adapters.channels.registry import KindRegistry
from application.commands import PlaceImmediateOrder
from entrypoints.bootstrap import DatabaseMissingError, bootstrap
from entrypoints.cli import app
from tests.support.databases import TEST_SECRET_KEY, PostgresServer
from tests.support.order_data import immediate_order

COMMANDS_ON_EXISTING_DATA = [
    ["sync", "shop"],
    ["projections", "status"],
    ["projections", "rebuild"],
    ["channels", "pause", "shop"],
    ["channels", "remove", "shop", "--yes"],
    ["orders", "note", "00000000-0000-0000-0000-000000000001", "called"],
]


def said(output: str) -> str:
    return " ".join(output.split())  # rich wraps long lines


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """ORDERHUB_DATABASE_URL names a file that must never be created by these commands."""
    path = tmp_path / "env" / "orderhub.db"
    monkeypatch.setenv("ORDERHUB_DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.setenv("ORDERHUB_API_KEY", "cli-key")
    return path


@pytest.fixture
def existing(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'real.db'}"
    services = bootstrap(url, kinds=KindRegistry())
    services.ordering.place_immediate_order(PlaceImmediateOrder.model_validate(immediate_order()))
    services.close()
    return url


@pytest.mark.parametrize("command", COMMANDS_ON_EXISTING_DATA, ids=" ".join)
def test_a_missing_sqlite_file_is_an_error_and_is_not_created(
    command: list[str], elsewhere: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "typo" / "orderhub.db"
    result = CliRunner().invoke(app, [*command, "--database-url", f"sqlite:///{missing}"])
    assert result.exit_code == 2, result.output
    assert f"there is no database at {missing}" in said(result.output)
    assert "check --database-url or ORDERHUB_DATABASE_URL" in said(result.output)
    assert not missing.parent.exists() and not elsewhere.parent.exists()


def test_sync_without_the_option_names_the_missing_file_of_the_environment(elsewhere: Path) -> None:
    result = CliRunner().invoke(app, ["sync", "shop"])
    assert result.exit_code == 2
    assert f"there is no database at {elsewhere}" in said(result.output)
    assert not elsewhere.exists()


def test_the_option_comes_before_the_environment(elsewhere: Path, existing: str) -> None:
    status = CliRunner(env={"COLUMNS": "200"}).invoke(
        app, ["projections", "status", "--database-url", existing]
    )
    assert status.exit_code == 0, status.output
    assert "order_list" in status.output
    rebuild = CliRunner().invoke(app, ["projections", "rebuild", "order_list", "--database-url", existing])
    assert rebuild.exit_code == 0, rebuild.output
    sync = CliRunner().invoke(app, ["sync", "nope", "--database-url", existing])
    assert sync.exit_code == 2 and "channel nope not found" in said(sync.output)  # the real database
    assert not elsewhere.parent.exists()


def test_a_malformed_url_is_a_clear_error(elsewhere: Path) -> None:
    result = CliRunner().invoke(app, ["sync", "shop", "--database-url", "mysql://x"])
    assert result.exit_code == 2
    assert "unsupported database URL" in said(result.output)


def test_worker_and_serve_take_the_option_too(elsewhere: Path) -> None:
    # memory:// is refused by both for reasons of their own: the option was read, not the environment
    worker = CliRunner().invoke(app, ["worker", "--database-url", "memory://"])
    assert worker.exit_code == 2 and "memory:// lives inside one process" in said(worker.output)
    serve = CliRunner().invoke(app, ["serve", "--workers", "2", "--database-url", "memory://"])
    assert serve.exit_code == 2 and "--workers > 1 needs PostgreSQL" in said(serve.output)


def test_bootstrap_refuses_a_missing_file_only_when_asked(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    with pytest.raises(DatabaseMissingError, match="there is no database at"):
        bootstrap(url, must_exist=True, kinds=KindRegistry())
    assert not (tmp_path / "new.db").exists()
    bootstrap(url, kinds=KindRegistry()).close()  # serve creates it
    bootstrap(url, must_exist=True, kinds=KindRegistry()).close()


@pytest.mark.postgres
def test_sync_against_a_postgresql_database_that_does_not_exist_says_so(
    postgres_server: PostgresServer, elsewhere: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ORDERHUB_SECRET_KEY", TEST_SECRET_KEY)  # PostgreSQL needs one before it is opened
    url = postgres_server.database_url("orderhub_test_does_not_exist")
    result = CliRunner().invoke(app, ["sync", "shop", "--database-url", url])
    assert result.exit_code == 2
    assert "cannot open postgresql://" in said(result.output)
    assert 'database "orderhub_test_does_not_exist" does not exist' in said(result.output)


@pytest.mark.postgres
def test_serve_hands_its_database_url_to_the_worker_processes(
    postgres_url: str, elsewhere: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    seen: list[str] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: seen.append(os.environ["ORDERHUB_DATABASE_URL"]))
    args = ["serve", "--workers", "2", "--no-background", "--database-url", postgres_url]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert seen == [postgres_url]  # each worker process builds its services from the environment
