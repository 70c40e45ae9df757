"""``orderhub keys create|list|revoke``: API keys with scopes, from the command line."""

from __future__ import annotations

from collections.abc import Callable

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from entrypoints.bootstrap import Services
from entrypoints.settings import Settings

ServicesOf = Callable[..., Services]


def keys_app(
    console: Console,
    services_of: ServicesOf,
    settings_of: Callable[[str | None], Settings],
    database_url_help: str,
) -> typer.Typer:
    """The ``keys`` command group, with the CLI's own ways to open the store (same errors, same
    ``--database-url``)."""
    app = typer.Typer(help="API keys and their scopes.", no_args_is_help=True)

    @app.command("create")
    def create(
        name: str = typer.Argument(..., help="What the key is for, e.g. warehouse."),
        scope: list[str] = typer.Option(
            [],
            "--scope",
            help="A scope the key holds (repeat for several): orders:read, orders:write, …, admin.",
        ),
        database_url: str = typer.Option(None, help=database_url_help),
    ) -> None:
        """Make a key; it is printed this once (only its hash is stored)."""
        from application.api_keys import NewApiKey
        from entrypoints.http.errors import validation_message

        try:
            request = NewApiKey.model_validate({"name": name, "scopes": scope})
        except ValidationError as exc:
            console.print(f"[red]{validation_message(list(exc.errors()))[0]}[/red]", soft_wrap=True)
            raise typer.Exit(2) from None
        services = services_of(settings_of(database_url))
        try:
            made, key = services.access.create(request)
        finally:
            services.close()
        console.print(
            f"API key {made.id} ({made.name}: {' '.join(made.scopes)}). It is shown only this once:"
        )
        typer.echo(key)  # alone on its line, unstyled: easy to copy or capture

    @app.command("list")
    def list_keys(database_url: str = typer.Option(None, help=database_url_help)) -> None:
        """Every stored key: id, name, scopes, when made and last used (never the key)."""
        services = services_of(settings_of(database_url), must_exist=True)
        try:
            keys = services.access.all()
        finally:
            services.close()
        table = Table("id", "name", "scopes", "created_at", "last_used_at")
        for key in keys:
            used = key.last_used_at.isoformat(timespec="seconds") if key.last_used_at else "never"
            table.add_row(
                key.id, key.name, " ".join(key.scopes), key.created_at.isoformat(timespec="seconds"), used
            )
        console.print(table)

    @app.command("revoke")
    def revoke(
        key_id: str = typer.Argument(..., metavar="ID", help="The key's id (see `orderhub keys list`)."),
        database_url: str = typer.Option(None, help=database_url_help),
    ) -> None:
        """Delete a key: every server refuses it (401) from its next request on."""
        from domain.errors import NotFoundError

        services = services_of(settings_of(database_url), must_exist=True)
        try:
            services.access.revoke(key_id)
        except NotFoundError as exc:
            console.print(f"[red]{exc}: see `orderhub keys list`[/red]", soft_wrap=True)
            raise typer.Exit(2) from None
        finally:
            services.close()
        console.print(f"API key {key_id} revoked")

    return app
