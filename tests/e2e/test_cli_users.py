"""``orderhub users add|list|disable|set-password`` on an SQLite file and on PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from application.sign_in import SignInRefusedError
from domain.staff_account import PASSWORD_RULE, USER_NAME_RULE, Role
from entrypoints.bootstrap import bootstrap
from entrypoints.cli import app

PASSWORD = "correct horse battery"
Users = Callable[..., Result]
"""``users("add", "anna", ..., stdin=...)`` runs ``orderhub users add anna ... --database-url <this store>``."""


def said(output: str) -> str:
    return " ".join(output.split())  # rich wraps long lines


@pytest.fixture
def users(shared_database_url: str) -> Users:
    def run(*args: str, stdin: str | None = None) -> Result:
        return CliRunner().invoke(app, ["users", *args, "--database-url", shared_database_url], input=stdin)

    return run


def signs_in(url: str, name: str, password: str) -> bool:
    services = bootstrap(url)
    try:
        services.sign_in.authenticate(name, password)
        return True
    except SignInRefusedError:
        return False
    finally:
        services.close()


def test_an_added_user_is_listed_with_its_role_and_can_sign_in(
    users: Users, shared_database_url: str
) -> None:
    added = users("add", "anna", "--role", "staff", "--password-stdin", stdin=PASSWORD + "\n")
    assert added.exit_code == 0, added.output
    assert said(added.output) == "added anna (staff)"
    listed = users("list")
    assert listed.exit_code == 0, listed.output
    assert "anna" in listed.output and "staff" in listed.output and "active" in listed.output
    assert "argon2" not in listed.output and PASSWORD not in listed.output
    assert signs_in(shared_database_url, "anna", PASSWORD)


def test_the_password_can_be_typed_at_a_hidden_prompt_twice(users: Users, shared_database_url: str) -> None:
    added = users("add", "bert", "--role", "viewer", stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert added.exit_code == 0, added.output
    assert PASSWORD not in added.output  # hidden
    assert signs_in(shared_database_url, "bert", PASSWORD)


def test_a_name_that_exists_is_refused_and_the_first_user_kept(
    users: Users, shared_database_url: str
) -> None:
    users("add", "anna", "--role", "viewer", "--password-stdin", stdin=PASSWORD)
    again = users("add", "anna", "--role", "admin", "--password-stdin", stdin="another good secret")
    assert again.exit_code == 1
    assert said(again.output) == "a user named 'anna' already exists"
    services = bootstrap(shared_database_url)
    try:
        assert [(u.name, u.role) for u in services.users.all()] == [("anna", Role.VIEWER)]
    finally:
        services.close()


@pytest.mark.parametrize("password", ["", "short", "aaaaaaaaaaaaaaaa", "anna"])
def test_a_weak_or_empty_password_is_refused_with_the_rule(users: Users, password: str) -> None:
    refused = users("add", "anna", "--role", "admin", "--password-stdin", stdin=password + "\n")
    assert refused.exit_code == 1
    assert said(refused.output) == f"the password for 'anna' is refused: {PASSWORD_RULE}"
    assert "0 user(s)" in users("list").output


def test_a_bad_user_name_is_refused_with_the_rule_in_words(users: Users) -> None:
    refused = users("add", "Anna Schmidt", "--role", "admin", "--password-stdin", stdin=PASSWORD)
    assert refused.exit_code == 1
    assert USER_NAME_RULE in said(refused.output)


def test_an_unknown_role_is_refused_naming_the_roles(users: Users) -> None:
    refused = users("add", "anna", "--role", "owner", "--password-stdin", stdin=PASSWORD)
    assert refused.exit_code == 2
    assert "admin" in refused.output and "staff" in refused.output and "viewer" in refused.output


def test_a_disabled_user_is_listed_as_such_and_refused_at_sign_in(
    users: Users, shared_database_url: str
) -> None:
    users("add", "anna", "--role", "staff", "--password-stdin", stdin=PASSWORD)
    disabled = users("disable", "anna")
    assert disabled.exit_code == 0, disabled.output
    assert said(disabled.output) == "disabled anna"
    assert "disabled 20" in said(users("list").output)
    assert not signs_in(shared_database_url, "anna", PASSWORD)


def test_disabling_an_unknown_user_is_an_error(users: Users) -> None:
    refused = users("disable", "nobody")
    assert refused.exit_code == 1
    assert said(refused.output) == "user 'nobody' not found"


def test_a_new_password_replaces_the_old_one(users: Users, shared_database_url: str) -> None:
    users("add", "anna", "--role", "staff", "--password-stdin", stdin=PASSWORD)
    changed = users("set-password", "anna", "--password-stdin", stdin="a brand new secret\n")
    assert changed.exit_code == 0, changed.output
    assert said(changed.output) == "new password set for anna"
    assert signs_in(shared_database_url, "anna", "a brand new secret")
    assert not signs_in(shared_database_url, "anna", PASSWORD)


def test_a_weak_new_password_keeps_the_old_one(users: Users, shared_database_url: str) -> None:
    users("add", "anna", "--role", "staff", "--password-stdin", stdin=PASSWORD)
    refused = users("set-password", "anna", "--password-stdin", stdin="\n")
    assert refused.exit_code == 1
    assert PASSWORD_RULE in said(refused.output)
    assert signs_in(shared_database_url, "anna", PASSWORD)


def test_set_password_of_an_unknown_user_is_an_error(users: Users) -> None:
    refused = users("set-password", "nobody", "--password-stdin", stdin=PASSWORD)
    assert refused.exit_code == 1
    assert said(refused.output) == "user 'nobody' not found"


def test_the_installed_command_reads_the_password_from_a_pipe(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'orderhub.db'}"
    orderhub = Path(sys.executable).with_name("orderhub")
    add = [
        str(orderhub),
        "users",
        "add",
        "anna",
        "--role",
        "admin",
        "--password-stdin",
        "--database-url",
        url,
    ]
    done = subprocess.run(add, input=PASSWORD + "\n", capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert signs_in(url, "anna", PASSWORD)
    again = subprocess.run(add, input=PASSWORD + "\n", capture_output=True, text=True, timeout=60)
    assert again.returncode == 1 and "a user named 'anna' already exists" in again.stdout


def test_a_password_piped_with_a_windows_line_end_is_the_password_without_it(
    users: Users, shared_database_url: str
) -> None:
    added = users("add", "anna", "--role", "staff", "--password-stdin", stdin=PASSWORD + "\r\n")
    assert added.exit_code == 0, added.output
    assert signs_in(shared_database_url, "anna", PASSWORD)
