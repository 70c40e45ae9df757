"""The ``orderhub`` command: serve, sync, projections, demo."""

from __future__ import annotations

import logging
import sys

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from entrypoints.bootstrap import Services, bootstrap
from entrypoints.http.auth import key_hash, new_api_key
from entrypoints.settings import Settings

app = typer.Typer(
    help="orderhub: every way an order reaches the back office, in one order book.", no_args_is_help=True
)
projections_app = typer.Typer(help="Read models (projections of the event log).", no_args_is_help=True)
app.add_typer(projections_app, name="projections")
console = Console()


def _services(settings: Settings) -> Services:
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    return bootstrap(settings.database_url)


def ensure_api_key(services: Services, settings: Settings) -> None:
    """First start with no key at all: make one, print it once, keep only its hash."""
    if settings.api_key is not None or services.api_keys.has_any():
        return
    key = new_api_key()
    services.api_keys.add_hash(key_hash(key), "generated at first start")
    console.print("[bold]No API key was configured, so one was generated. It is shown only this once:[/bold]")
    console.print(f"  Authorization: Bearer [bold green]{key}[/bold green]")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, help="TCP port."),
) -> None:
    """Run the HTTP API, scheduled channel syncs and the projections."""
    import uvicorn

    from entrypoints.http.app import create_app
    from entrypoints.scheduler import SyncScheduler

    settings = Settings()
    services = _services(settings)
    ensure_api_key(services, settings)
    admin_key = settings.api_key.get_secret_value() if settings.api_key else None
    scheduler = SyncScheduler(services)
    if settings.scheduler:
        services.projections.start()
        scheduler.start()
    console.print(f"orderhub on http://{host}:{port}  (API docs: http://{host}:{port}/docs)")
    try:
        uvicorn.run(create_app(services, admin_key), host=host, port=port, log_level="warning")
    finally:
        scheduler.stop()
        services.close()


@app.command()
def sync(name: str = typer.Argument(..., help="The channel's name.")) -> None:
    """Sync one channel now, with progress; prints the summary."""
    from application.errors import SyncAlreadyRunningError
    from domain.errors import NotFoundError

    services = _services(Settings())
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[counts]}"),
        TimeElapsedColumn(),
        console=console,
    ) as bar:
        task = bar.add_task(f"sync {name}", total=None, counts="")

        def show(stage: str, summary: object) -> None:
            data = summary.model_dump()  # type: ignore[attr-defined]
            counts = " ".join(
                f"{k}={data[k]}" for k in ("fetched", "imported", "updated", "unchanged", "quarantined")
            )
            bar.update(task, description=f"sync {name}: {stage}", counts=counts)

        try:
            summary = services.sync(name, progress=show)
        except (NotFoundError, SyncAlreadyRunningError) as exc:
            console.print(f"[red]{exc}[/red]")
            raise typer.Exit(2) from None
        finally:
            bar.update(task, total=1, completed=1)
    table = Table(title=f"sync {name}")
    for key, value in summary.model_dump().items():
        table.add_row(key, str(value))
    console.print(table)
    services.close()
    if not summary.complete:
        raise typer.Exit(1)


@projections_app.command("status")
def projections_status() -> None:
    """Position, lag and error of every projection."""
    services = _services(Settings())
    table = Table("name", "position", "head", "lag", "error")
    for row in services.projections.status():
        table.add_row(
            row["name"], str(row["position"]), str(row["head"]), str(row["lag"]), row["error"] or ""
        )
    console.print(table)
    services.close()


@projections_app.command("rebuild")
def projections_rebuild(name: str = typer.Argument(None, help="One projection; all when omitted.")) -> None:
    """Drop and rebuild read models from the first event (the server may keep running)."""
    services = _services(Settings())
    head = services.projections.head()
    chosen = [p.name for p in services.projections.projections if name is None or p.name == name]
    if not chosen:
        console.print(f"[red]no projection named {name!r}[/red]")
        raise typer.Exit(2)
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
    ) as bar:
        for projection in chosen:
            task = bar.add_task(f"rebuild {projection}", total=head)

            def advance(position: int, task: TaskID = task) -> None:
                bar.update(task, completed=position)

            services.projections.rebuild(projection, progress=advance)
            bar.update(task, completed=head)
    services.close()


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
