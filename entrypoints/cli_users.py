"""``orderhub users …``: the console's staff accounts (add, list, disable, set-password).

Passwords never appear on the command line (where ``ps`` and shell histories would keep them):
they are typed at a hidden prompt, or read from standard input with ``--password-stdin``.
"""

from __future__ import annotations

import sys

import typer
from rich.table import Table

from domain.errors import DomainError
from domain.staff_account import PASSWORD_RULE, USER_NAME_RULE, Role
from entrypoints.bootstrap import Services

users_app = typer.Typer(help="Staff accounts for the console: admin, staff or viewer.", no_args_is_help=True)

REFUSED = 1
"""Exit status of a refused change (a name that exists, a weak password, no such user)."""
ROLE_HELP = (
    "viewer sees everything and changes nothing; staff also works orders and customers and starts syncs; "
    "admin also manages channels, users and API keys."
)
NAME_HELP = f"The user name: {USER_NAME_RULE}."
DATABASE_URL_HELP = "Database URL (default: ORDERHUB_DATABASE_URL, else sqlite:///var/orderhub.db)."
STDIN_HELP = "Read the password from standard input (its first line) instead of a prompt."


def _services(database_url: str | None) -> Services:
    from entrypoints import cli  # here, not at import: cli.py registers this sub-app

    return cli._services(cli._settings(database_url))


def _say(text: str) -> None:
    from entrypoints.cli import console

    console.print(text, soft_wrap=True, highlight=False)


def _password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")  # the line's end is not part of the password
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


def _refuse(exc: DomainError) -> typer.Exit:
    _say(f"[red]{exc}[/red]")
    return typer.Exit(REFUSED)


@users_app.command("add", help=f"Add a staff account; {PASSWORD_RULE}.")
def add(
    name: str = typer.Argument(..., help=NAME_HELP),
    role: Role = typer.Option(..., help=ROLE_HELP),
    password_stdin: bool = typer.Option(False, "--password-stdin", help=STDIN_HELP),
    database_url: str = typer.Option(None, help=DATABASE_URL_HELP),
) -> None:
    password = _password(password_stdin)
    services = _services(database_url)
    try:
        user = services.users.add(name, role, password)
    except DomainError as exc:
        raise _refuse(exc) from None
    finally:
        services.close()
    _say(f"added {user.name} ({user.role.value})")


@users_app.command("list")
def list_users(
    database_url: str = typer.Option(None, help=DATABASE_URL_HELP),
) -> None:
    """Every staff account: name, role, whether it may sign in, since when."""
    services = _services(database_url)
    try:
        users = services.users.all()
    finally:
        services.close()
    table = Table("name", "role", "status", "created")
    for user in users:
        status = "active" if user.disabled_at is None else f"disabled {user.disabled_at:%Y-%m-%d %H:%M} UTC"
        table.add_row(user.name, user.role.value, status, f"{user.created_at:%Y-%m-%d %H:%M} UTC")
    _say(f"{len(users)} user(s)")
    if users:
        from entrypoints.cli import console

        console.print(table)


@users_app.command("disable")
def disable(
    name: str = typer.Argument(..., help="The user name."),
    database_url: str = typer.Option(None, help=DATABASE_URL_HELP),
) -> None:
    """Stop a user from signing in (the name stays taken)."""
    services = _services(database_url)
    try:
        services.users.disable(name)
    except DomainError as exc:
        raise _refuse(exc) from None
    finally:
        services.close()
    _say(f"disabled {name}")


@users_app.command("set-password")
def set_password(
    name: str = typer.Argument(..., help="The user name."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help=STDIN_HELP),
    database_url: str = typer.Option(None, help=DATABASE_URL_HELP),
) -> None:
    """Give a user a new password (it also lifts the slow-down after failed sign-ins)."""
    password = _password(password_stdin)
    services = _services(database_url)
    try:
        services.users.set_password(name, password)
    except DomainError as exc:
        raise _refuse(exc) from None
    finally:
        services.close()
    _say(f"new password set for {name}")
