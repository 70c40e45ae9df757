"""The ``orderhub`` command: serve, worker, sync, projections, keys, users, channels, orders, migrate-store,
secrets, demo."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from adapters.secrets.master_key import SecretKeyConfigError
from entrypoints.bootstrap import DatabaseMissingError, Services, bootstrap
from entrypoints.cli_actions import channels_app, orders_app
from entrypoints.cli_keys import keys_app
from entrypoints.cli_users import users_app
from entrypoints.runtime import exit_without_stuck_threads
from entrypoints.secrets_cli import secrets_app
from entrypoints.settings import Settings

app = typer.Typer(
    help="orderhub: every way an order reaches the back office, in one order book.", no_args_is_help=True
)
projections_app = typer.Typer(help="Read models (projections of the event log).", no_args_is_help=True)
app.add_typer(projections_app, name="projections")
app.add_typer(secrets_app, name="secrets")
app.add_typer(users_app, name="users")
console = Console()
SHUTDOWN_GRACE_SECONDS = 3
"""On SIGTERM, how long ``serve`` lets running requests finish (a sync of a silent channel need not end)."""


DATABASE_URL_HELP = "Database URL (default: ORDERHUB_DATABASE_URL, else sqlite:///var/orderhub.db)."


def _settings(database_url: str | None) -> Settings:
    """The settings, with ``--database-url`` (when given) before ORDERHUB_DATABASE_URL."""
    return Settings(database_url=database_url) if database_url else Settings()


def _services(settings: Settings, *, must_exist: bool = False) -> Services:
    """``must_exist``: for commands that work on data already there (sync, projections): a database
    that is not there is an error, not a new empty one."""
    import psycopg

    from adapters.persistence.database_url import DatabaseUrlError, redact

    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        return bootstrap(
            settings.database_url,
            must_exist=must_exist,
            channel_limits=settings.channel_limits(),
            lease_seconds=settings.sync_lease_seconds,
            timezone=settings.timezone,
        )
    except (DatabaseMissingError, DatabaseUrlError, SecretKeyConfigError) as exc:
        console.print(f"[red]{exc}[/red]", soft_wrap=True)
        raise typer.Exit(2) from None
    except psycopg.OperationalError as exc:  # e.g. the database does not exist, or no server there
        why = " ".join(str(exc).split()) or type(exc).__name__
        console.print(f"[red]cannot open {redact(settings.database_url)}: {why}[/red]", soft_wrap=True)
        raise typer.Exit(2) from None


app.add_typer(keys_app(console, _services, _settings, DATABASE_URL_HELP), name="keys")
app.add_typer(channels_app(console, _services, _settings, DATABASE_URL_HELP), name="channels")
app.add_typer(orders_app(console, _services, _settings, DATABASE_URL_HELP), name="orders")


def _exit_normally(signum: int, frame: object) -> None:
    raise SystemExit(0)


def _stop_sync(signum: int, frame: object) -> None:
    # The default SIGTERM action ends the process at once, holding the channel's sync lease until
    # it lapses; raising unwinds the sync instead, which releases it (what it saved stays).
    raise SystemExit(128 + signum)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, help="TCP port."),
    workers: int = typer.Option(1, min=1, help="API processes (more than 1 needs PostgreSQL)."),
    background: bool = typer.Option(
        True,
        "--background/--no-background",
        help="Also run scheduled syncs and projections here (off: leave them to `orderhub worker`).",
    ),
    database_url: str = typer.Option(None, help=DATABASE_URL_HELP),
) -> None:
    """Run the HTTP API, and (unless --no-background or ORDERHUB_SCHEDULER=false) scheduled syncs and projections."""
    import uvicorn

    from adapters.persistence.database_url import DatabaseUrl
    from entrypoints.background import Background
    from entrypoints.first_key import ensure_api_key
    from entrypoints.http.app import create_app

    settings = _settings(database_url)
    if workers > 1 and DatabaseUrl.parse(settings.database_url).scheme != "postgresql":
        console.print(
            "[red]--workers > 1 needs PostgreSQL (ORDERHUB_DATABASE_URL=postgresql://user@host:5432/db): "
            "SQLite lets one process write at a time and memory:// would give every worker its own data. "
            "Run one `orderhub serve`, or migrate with `orderhub migrate-store FROM TO`.[/red]"
        )
        raise typer.Exit(2)
    services = _services(settings)
    ensure_api_key(
        services,
        settings,
        DatabaseUrl.parse(settings.database_url).path,
        lambda text: console.print(text, soft_wrap=True),
    )
    admin_key = settings.api_key.get_secret_value() if settings.api_key else None
    runner = (
        Background(services, sync_concurrency=settings.sync_concurrency).start()
        if settings.scheduler and background
        else None
    )
    # uvicorn shuts down gracefully on SIGTERM, then raises SIGTERM again; by default that would kill
    # the process before the cleanup below. This handler turns it into a normal exit (status 0).
    signal.signal(signal.SIGTERM, _exit_normally)
    console.print(
        f"orderhub on http://{host}:{port}  (console: http://{host}:{port}/console, "
        f"API docs: http://{host}:{port}/docs)"
    )
    try:
        if workers == 1:
            api = create_app(services, admin_key, settings)
            api.state.background = runner  # GET /health/ready checks that it follows the log
            uvicorn.run(
                api,
                host=host,
                port=port,
                log_level="warning",
                timeout_graceful_shutdown=SHUTDOWN_GRACE_SECONDS,
            )
        else:  # each worker process builds its own services (entrypoints/http/asgi.py)
            if runner is None:
                services.close()  # nothing left to do here: hold no idle connections
            os.environ["ORDERHUB_DATABASE_URL"] = settings.database_url  # what each worker reads
            uvicorn.run(
                "entrypoints.http.asgi:create",
                factory=True,
                workers=workers,
                host=host,
                port=port,
                log_level="warning",
                timeout_graceful_shutdown=SHUTDOWN_GRACE_SECONDS,
            )
    finally:
        if runner is not None:
            runner.stop()
        # A sync started by a request may still wait for a silent channel: it ends after its page,
        # and its lease is given up now so that another process may sync the channel at once.
        services.sync.stop()
        services.sync.release_leases()
        busy = services.sync.busy
        services.close()
        if busy:  # a request's sync is stuck in a channel call: the interpreter would wait for it
            exit_without_stuck_threads(0, grace_seconds=1.0)


@app.command()
def worker(database_url: str = typer.Option(None, help=DATABASE_URL_HELP)) -> None:
    """Run scheduled channel syncs and projections without the HTTP API (beside `serve --no-background`)."""
    from adapters.persistence.database_url import DatabaseUrl
    from entrypoints.worker import run_worker

    settings = _settings(database_url)
    if DatabaseUrl.parse(settings.database_url).scheme == "memory":
        console.print(
            "[red]memory:// lives inside one process: a worker would share nothing with the API.[/red]"
        )
        raise typer.Exit(2)
    services = _services(settings)
    try:
        run_worker(services, threading.Event(), console.print, sync_concurrency=settings.sync_concurrency)
    finally:
        services.close()


@app.command("migrate-store")
def migrate_store(
    source: str = typer.Argument(..., help="Database URL to copy from (e.g. sqlite:///var/orderhub.db)."),
    target: str = typer.Argument(..., help="Database URL to copy into: new or empty (e.g. postgresql://…)."),
) -> None:
    """Copy the event log (in order), numbers, API keys and channel settings into another store; rebuild read models there."""
    from entrypoints.store_migration import migrate

    settings = Settings()
    logging.basicConfig(level=settings.log_level.upper())
    raise typer.Exit(migrate(source, target, console))


@app.command()
def sync(
    name: str = typer.Argument(..., help="The channel's name."),
    database_url: str = typer.Option(None, help=DATABASE_URL_HELP),
) -> None:
    """Sync one channel now, with progress; prints the summary."""
    from application.errors import ChannelPausedError, SyncAlreadyRunningError
    from domain.errors import NotFoundError

    services = _services(_settings(database_url), must_exist=True)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _stop_sync)
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
        except (NotFoundError, SyncAlreadyRunningError, ChannelPausedError) as exc:
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
def projections_status(database_url: str = typer.Option(None, help=DATABASE_URL_HELP)) -> None:
    """Position, lag and error of every projection."""
    services = _services(_settings(database_url), must_exist=True)
    table = Table("name", "position", "head", "lag", "error")
    for row in services.projections.status():
        table.add_row(
            row["name"], str(row["position"]), str(row["head"]), str(row["lag"]), row["error"] or ""
        )
    console.print(table)
    services.close()


@projections_app.command("rebuild")
def projections_rebuild(
    name: str = typer.Argument(None, help="One projection; all when omitted."),
    database_url: str = typer.Option(None, help=DATABASE_URL_HELP),
) -> None:
    """Drop and rebuild read models from the first event (the server may keep running)."""
    from ports.read_models import ProjectionStoppedError, RebuildRunningError

    services = _services(_settings(database_url), must_exist=True)
    head = services.projections.head()
    chosen = [n for n in services.projections.names() if name is None or n == name]
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

            try:
                services.projections.rebuild(projection, progress=advance)
            except (ProjectionStoppedError, RebuildRunningError) as exc:
                bar.stop()
                console.print(f"[red]{exc}[/red]\nThe read model was left as it was.")
                services.close()
                raise typer.Exit(1) from None
            bar.update(task, completed=head)
    services.close()


@app.command()
def demo(
    host: str = typer.Option("127.0.0.1", help="Interface the API listens on."),
    port: int = typer.Option(8000, help="TCP port of the API."),
    database_url: str = typer.Option(None, help="Default: a new SQLite file in var/demo/; or memory://."),
    duration: float = typer.Option(None, min=1, help="Stop after this many seconds (default: at Ctrl-C)."),
    seed: int = typer.Option(0, help="Seed of the generated orders."),
    interval: int = typer.Option(10, min=1, help="Seconds between scheduled syncs of each channel."),
    oscar: bool = typer.Option(
        None,
        "--oscar/--no-oscar",
        help="Also run the orderhub-oscar plug-in's django-oscar shop (default: when its venv exists; "
        "--oscar builds it, which needs PyPI).",
    ),
) -> None:
    """Simulated eBay, Amazon, JTL-Shop and JTL-Connector with orders flowing in, synced by a local server."""
    from entrypoints.demo.options import DemoOptions
    from entrypoints.demo.reporting import console as printer
    from entrypoints.demo.runner import run_demo

    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    options = DemoOptions(host, port, database_url, duration, seed, interval, oscar)
    raise typer.Exit(run_demo(options, printer()))


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
