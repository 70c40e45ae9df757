"""``orderhub migrate-store FROM TO``: move an orderhub store, e.g. from SQLite to PostgreSQL.

Stop every orderhub process that writes to FROM first. The target must hold no events yet.
"""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from adapters.channels.registry import KindRegistry
from adapters.persistence.channel_secrets import reseal, sealed_key_ids
from adapters.persistence.database_url import DatabaseUrl, DatabaseUrlError, redact
from adapters.persistence.store_migration import (
    TargetNotEmptyError,
    copy_events,
    copy_side_tables,
    ensure_empty,
)
from adapters.privacy.keys import reseal as reseal_personal_keys
from adapters.privacy.upgrade import ClearEventSealer
from adapters.secrets.master_key import SecretKeyConfigError, key_file_for, read_key_file
from adapters.secrets.sealing import SecretBox
from entrypoints.bootstrap import Services, bootstrap
from entrypoints.secret_key import secret_box


def _check(source: str, target: str) -> str | None:
    """What is wrong with the two URLs, if anything."""
    try:
        urls = DatabaseUrl.parse(source), DatabaseUrl.parse(target)
    except DatabaseUrlError as exc:
        return str(exc)
    if any(url.scheme == "memory" for url in urls):
        return "memory:// holds nothing to copy from or to; use sqlite:///… or postgresql://…"
    if urls[0] == urls[1]:
        return "FROM and TO are the same database"
    if urls[0].path is not None and not urls[0].path.exists():
        return f"FROM: there is no database file at {urls[0].path}"
    return None


def secret_boxes(source: str, target: str, src: Services, dst: Services) -> tuple[SecretBox, SecretBox] | str:
    """The secret keys of both stores, or what stops the copy: FROM's secrets must open with its key.

    FROM's key is the usual one (``ORDERHUB_SECRET_KEY`` first), else its key file: moving to
    PostgreSQL means setting the variable, and an SQLite FROM keeps its key in its file."""
    url = DatabaseUrl.parse(source)
    candidates = [secret_box(url, src.db)]
    if url.path is not None and key_file_for(url).exists():
        candidates.append(SecretBox(read_key_file(key_file_for(url))))
    needed = sealed_key_ids(src.db)
    for src_box in candidates:
        if needed <= {src_box.key.key_id}:
            return src_box, secret_box(DatabaseUrl.parse(target), dst.db)
    return (
        f"FROM's channel secrets are sealed under secret key {', '.join(sorted(needed))}, which neither "
        f"{' nor '.join(box.key.source for box in candidates)} is: set ORDERHUB_SECRET_KEY to FROM's key"
    )


def migrate(source: str, target: str, console: Console) -> int:
    """Copy SOURCE into TARGET and rebuild TARGET's read models; returns the exit code."""
    problem = _check(source, target)
    if problem is not None:
        console.print(f"[red]{problem}[/red]")
        return 2
    # Channel kinds are not needed to copy stored bytes: skip plug-in discovery.
    try:
        src = bootstrap(source, kinds=KindRegistry({}))
    except SecretKeyConfigError as exc:
        console.print(f"[red]FROM: {exc}[/red]")
        return 2
    try:
        dst = bootstrap(target, kinds=KindRegistry({}))
    except SecretKeyConfigError as exc:
        src.close()
        console.print(f"[red]TO: {exc}[/red]")
        return 2
    try:
        try:
            ensure_empty(dst.book.recorder)
        except TargetNotEmptyError as exc:
            console.print(f"[red]{exc}[/red]")
            return 2
        keys = secret_boxes(source, target, src, dst)
        if isinstance(keys, str):
            console.print(f"[red]{keys}[/red]")
            return 2
        head = src.projections.head()
        columns = (
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
        )
        with Progress(*columns, TimeElapsedColumn(), console=console) as bar:
            task = bar.add_task("events", total=head)
            events = copy_events(
                src.book.recorder, dst.book.recorder, lambda pos: bar.update(task, completed=pos)
            )
            rows = copy_side_tables(src.db, dst.db)
            if keys[0].key.key_id != keys[1].key.key_id:  # TO has a key of its own: seal under it
                with dst.db.transaction() as tx:
                    reseal(tx, *keys)
                    reseal_personal_keys(tx, *keys)
            sealing = bar.add_task("seal personal data", total=events)
            ClearEventSealer(dst.db, dst.book.mapper, dst.book.recorder, _snapshots(dst)).run(
                lambda pos, _until: bar.update(sealing, completed=pos), everything=True
            )  # events FROM stored in clear (nothing, if FROM was started with sealing once)
            bar.update(sealing, completed=events)
            for name in dst.projections.names():
                rebuild = bar.add_task(f"rebuild {name}", total=events)

                def advance(position: int, task: TaskID = rebuild) -> None:
                    bar.update(task, completed=position)

                dst.projections.rebuild(name, progress=advance)
                bar.update(rebuild, completed=events)
        if src.projections.head() != head:
            console.print(
                "[yellow]FROM received new events while copying: stop every process using it, then migrate "
                "again into a new, empty database[/yellow]"
            )
            return 1
        copied = ", ".join(f"{n} {table.removeprefix('orderhub_')}" for table, n in rows.items())
        console.print(f"copied {events} events ({copied}) from {redact(source)} to {redact(target)}")
        return 0
    finally:
        src.close()
        dst.close()


def _snapshots(services: Services) -> object | None:
    return services.book.snapshots.recorder if services.book.snapshots is not None else None
