"""``orderhub channels pause|resume|remove NAME`` and ``orderhub orders note ID TEXT``: what staff
do in the console or through the API, for an operator at the server (recorded as orderhub's doing)."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

import typer
from pydantic import ValidationError
from rich.console import Console

from entrypoints.bootstrap import Services
from entrypoints.settings import Settings

ServicesOf = Callable[..., Services]


def channels_app(
    console: Console,
    services_of: ServicesOf,
    settings_of: Callable[[str | None], Settings],
    database_url_help: str,
) -> typer.Typer:
    app = typer.Typer(help="Channels: pause, resume or remove one.", no_args_is_help=True)

    def run(database_url: str | None, act: Callable[[Services], str]) -> None:
        from domain.errors import DomainError, NotFoundError

        services = services_of(settings_of(database_url), must_exist=True)
        try:
            said = act(services)
        except NotFoundError as exc:
            console.print(f"[red]{exc}[/red]", soft_wrap=True)
            raise typer.Exit(2) from None
        except DomainError as exc:  # e.g. a sync of it is running
            console.print(f"[red]{exc}[/red]", soft_wrap=True)
            raise typer.Exit(1) from None
        finally:
            services.close()
        console.print(said, soft_wrap=True)

    @app.command("pause")
    def pause(
        name: str = typer.Argument(..., help="The channel's name."),
        database_url: str = typer.Option(None, help=database_url_help),
    ) -> None:
        """Stop syncing it (on schedule and on request) until it is resumed."""
        from application.channels import Unset

        run(database_url, lambda s: _said(s.channels.update(name, None, Unset(), paused=True).name, "paused"))

    @app.command("resume")
    def resume(
        name: str = typer.Argument(..., help="The channel's name."),
        database_url: str = typer.Option(None, help=database_url_help),
    ) -> None:
        """Sync it again (on its schedule, and on request)."""
        from application.channels import Unset

        run(
            database_url,
            lambda s: _said(s.channels.update(name, None, Unset(), paused=False).name, "resumed"),
        )

    @app.command("remove")
    def remove(
        name: str = typer.Argument(..., help="The channel's name."),
        yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
        database_url: str = typer.Option(None, help=database_url_help),
    ) -> None:
        """Remove it: its orders stay (and keep its name); its settings and secrets are deleted."""
        if not yes:
            typer.confirm(f"Remove channel {name!r} (its settings and secrets are deleted)?", abort=True)

        def act(services: Services) -> str:
            dropped = services.channel_removal.remove(name)
            unsent = (
                f"; {dropped} change(s) it had not confirmed were recorded as not sent" if dropped else ""
            )
            return f"channel {name} removed; its orders stay{unsent}"

        run(database_url, act)

    return app


def _said(name: str, what: str) -> str:
    return f"channel {name} {what}"


def orders_app(
    console: Console,
    services_of: ServicesOf,
    settings_of: Callable[[str | None], Settings],
    database_url_help: str,
) -> typer.Typer:
    app = typer.Typer(help="Orders: add a note.", no_args_is_help=True)

    @app.command("note")
    def note(
        order_id: str = typer.Argument(..., metavar="ID", help="The order's id."),
        text: str = typer.Argument(..., help="The note (1 to 5000 characters)."),
        database_url: str = typer.Option(None, help=database_url_help),
    ) -> None:
        """Add a note to an order (any status; it is shown in the order's history)."""
        from application.commands import AddNote
        from domain.errors import NotFoundError
        from entrypoints.http.errors import validation_message

        try:
            command = AddNote(text=text)
            order = UUID(order_id)
        except ValidationError as exc:
            console.print(f"[red]{validation_message(list(exc.errors()))[0]}[/red]", soft_wrap=True)
            raise typer.Exit(2) from None
        except ValueError:
            console.print(f"[red]{order_id[:80]!r} is not an order id (a UUID)[/red]", soft_wrap=True)
            raise typer.Exit(2) from None
        services = services_of(settings_of(database_url), must_exist=True)
        try:
            noted = services.ordering.add_note(order, command)
        except NotFoundError as exc:
            console.print(f"[red]{exc}[/red]", soft_wrap=True)
            raise typer.Exit(2) from None
        finally:
            services.close()
        console.print(f"note added to order {noted.number}", soft_wrap=True)

    return app
