"""``orderhub users …``: the console's staff accounts (add, list, disable, set-password).

Passwords never appear on the command line (where ``ps`` and shell histories would keep them):
they are typed at a hidden prompt, or read from standard input with ``--password-stdin``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.table import Table

from application.staff_accounts import StaffAccounts
from domain.errors import DomainError
from domain.staff_account import PASSWORD_RULE, USER_NAME_RULE, Role

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


@contextmanager
def _accounts(database_url: str | None) -> Iterator[StaffAccounts]:
    """The accounts of that store, closed after use; a refused change exits with ``REFUSED``."""
    from entrypoints import cli  # here, not at import: cli.py registers this sub-app

    services = cli._services(cli._settings(database_url))
    try:
        yield services.users
    except DomainError as exc:
        _say(f"[red]{exc}[/red]")
        raise typer.Exit(REFUSED) from None
    finally:
        services.close()


def _say(text: str) -> None:
    from entrypoints.cli import console

    console.print(text, soft_wrap=True, highlight=False)


def _password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")  # the line's end is not part of the password
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@users_app.command("add", help=f"Add a staff account; {PASSWORD_RULE}.")
def add(
    name: str = typer.Argument(..., help=NAME_HELP),
    role: Role = typer.Option(..., help=ROLE_HELP),
    password_stdin: bool = typer.Option(False, "--password-stdin", help=STDIN_HELP),
    database_url: str = typer.Option(None, help=DATABASE_URL_HELP),
) -> None:
    password = _password(password_stdin)
    with _accounts(database_url) as accounts:
        user = accounts.add(name, role, password)
    _say(f"added {user.name} ({user.role.value})")


@users_app.command("list")
def list_users(
    database_url: str = typer.Option(None, help=DATABASE_URL_HELP),
) -> None:
    """Every staff account: name, role, whether it may sign in, since when."""
    with _accounts(database_url) as accounts:
        users = accounts.all()
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
    with _accounts(database_url) as accounts:
        accounts.disable(name)
    _say(f"disabled {name}")


@users_app.command("set-password")
def set_password(
    name: str = typer.Argument(..., help="The user name."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help=STDIN_HELP),
    database_url: str = typer.Option(None, help=DATABASE_URL_HELP),
) -> None:
    """Give a user a new password (it also lifts the slow-down after failed sign-ins)."""
    password = _password(password_stdin)
    with _accounts(database_url) as accounts:
        accounts.set_password(name, password)
    _say(f"new password set for {name}")
