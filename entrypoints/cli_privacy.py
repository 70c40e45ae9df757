"""``orderhub customers erase`` and ``orderhub retention run``: erasure and retention from the command line."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

import typer
from pydantic import ValidationError
from rich.console import Console

from entrypoints.bootstrap import Services
from entrypoints.settings import Settings

ServicesOf = Callable[..., Services]
COMMAND_LINE = "command line"
"""The actor the events of these commands name (a system actor: whoever runs them has the server)."""


def customers_app(
    console: Console,
    services_of: ServicesOf,
    settings_of: Callable[[str | None], Settings],
    database_url_help: str,
) -> typer.Typer:
    app = typer.Typer(help="Customers: erasure (GDPR Art. 17).", no_args_is_help=True)

    @app.command("erase")
    def erase(
        customer_id: str = typer.Argument(..., help="The customer's id (as GET /api/v1/customers shows it)."),
        reason: str = typer.Option(..., "--reason", help="Why, for the record: the request it follows."),
        database_url: str = typer.Option(None, help=database_url_help),
    ) -> None:
        """Erase the customer's contact data now; names and addresses on orders are kept, restricted,
        until their retention period ends. Erasing twice does nothing more."""
        from application.acting import acting_as
        from application.commands import EraseCustomer
        from domain.actor import Actor
        from domain.errors import CustomerNotFoundError, OrderStillOpenError
        from entrypoints.http.errors import validation_message

        try:
            subject = UUID(customer_id.strip())
        except ValueError:
            console.print(
                f"[red]customer_id: {customer_id!r} is not a customer id (a UUID)[/red]", soft_wrap=True
            )
            raise typer.Exit(2) from None
        try:
            command = EraseCustomer(reason=reason)
        except ValidationError as exc:
            console.print(f"[red]{validation_message(list(exc.errors()))[0]}[/red]", soft_wrap=True)
            raise typer.Exit(2) from None
        services = services_of(settings_of(database_url), must_exist=True)
        try:
            with acting_as(Actor.system(COMMAND_LINE)):
                report = services.erasure.erase(subject, command.reason)
        except (CustomerNotFoundError, OrderStillOpenError) as exc:
            console.print(f"[red]{exc}[/red]", soft_wrap=True)
            raise typer.Exit(1) from None
        finally:
            services.close()
        console.print(f"Customer {report.customer_id} erased at {report.erased_at.isoformat()}.")
        console.print(f"Erased: {', '.join(report.erased)}.")
        if report.retained:
            console.print("Kept, shown to admins only, until the end of their retention period:")
            for kept in report.retained:
                console.print(f"  order {kept.number} ({kept.order_id}) until {kept.until.isoformat()}")
        else:
            console.print("No order documents are kept.")

    return app


def retention_app(
    console: Console,
    services_of: ServicesOf,
    settings_of: Callable[[str | None], Settings],
    database_url_help: str,
) -> typer.Typer:
    app = typer.Typer(help="Retention of order documents (ORDERHUB_RETENTION_YEARS).", no_args_is_help=True)

    @app.command("run")
    def run(database_url: str = typer.Option(None, help=database_url_help)) -> None:
        """Destroy the names and addresses of every order whose retention period has ended (the
        server does this daily)."""
        settings = settings_of(database_url)
        services = services_of(settings, must_exist=True)
        try:
            with console.status("destroying the expired order documents' keys …"):
                run = services.retention.run()
        finally:
            services.close()
        kept_from = run.until_year + 1
        console.print(
            f"Retention ({settings.retention_years} years after the order's year, {settings.timezone}): "
            f"order documents of {run.until_year} and earlier hold no personal data any more "
            f"({run.keys_destroyed} keys destroyed by this run)."
        )
        console.print(
            f"Documents of {kept_from} are kept until {kept_from + settings.retention_years}-12-31."
        )

    return app
