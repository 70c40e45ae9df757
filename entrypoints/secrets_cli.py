"""``orderhub secrets rotate``: seal every channel secret under a new secret key."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer
from rich.console import Console

from adapters.persistence.channel_secrets import reseal
from adapters.persistence.database_url import DatabaseUrl
from adapters.persistence.sql_database import SqlDatabase
from adapters.privacy import keys as personal_keys
from adapters.secrets.master_key import (
    ENV,
    MAKE_ONE,
    MasterKey,
    SecretKeyConfigError,
    new_key,
    parse_key,
    write_key_file,
)
from adapters.secrets.rotation import rotate
from adapters.secrets.sealing import SecretBox
from entrypoints.bootstrap import bootstrap
from entrypoints.secret_key import master_key
from entrypoints.settings import Settings
from ports.secrets import SecretKeyError

secrets_app = typer.Typer(help="The secret key that seals channel secrets at rest.", no_args_is_help=True)
console = Console()
SEALED_TABLES = {"channel settings": reseal, "personal keys": personal_keys.reseal}
"""Every table holding values sealed under the secret key: a rotation re-seals them all at once."""


def _new_key(new_key_file: str | None, current: MasterKey) -> MasterKey:
    if new_key_file is None:
        if current.key_file is None and not sys.stdout.isatty():
            # The key would land in a log or a pipe: the operator gives one instead.
            raise SecretKeyConfigError(
                f"the new key would be printed, and standard output is not a terminal: make one "
                f"({MAKE_ONE} > new.key; chmod 600 new.key) and pass --new-key-file new.key"
            )
        return new_key(current.source, current.key_file)
    where = "standard input" if new_key_file == "-" else f"--new-key-file {new_key_file}"
    try:
        text = sys.stdin.read() if new_key_file == "-" else Path(new_key_file).read_text()
    except OSError as exc:
        raise SecretKeyConfigError(f"{where}: {exc.strerror}") from None
    return MasterKey(parse_key(text, where), current.source, current.key_file)


@secrets_app.command("rotate")
def rotate_command(
    new_key_file: str = typer.Option(
        None,
        "--new-key-file",
        help="The new key (base64 of 32 bytes) in this file; '-' reads it from standard input. "
        "Default: a new random key, written to the key file (or printed, only to a terminal).",
    ),
) -> None:
    """Re-encrypt every channel secret under a new secret key, in one transaction; the old key stops working."""
    settings = Settings()
    url = DatabaseUrl.parse(settings.database_url)
    if url.scheme == "memory":
        console.print("[red]memory:// keeps nothing: there is no secret to rotate[/red]")
        raise typer.Exit(2)
    try:
        services = bootstrap(settings.database_url)  # also seals settings stored before sealing existed
    except SecretKeyConfigError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    try:
        current = master_key(url, services.db)
        new = _new_key(new_key_file, current)
        if new.key_id == current.key_id:
            raise SecretKeyConfigError("the new key is the key in use: give another one")
        rows = _rotate(services.db, current, new)
    except (SecretKeyConfigError, SecretKeyError) as exc:
        console.print(f"[red]{exc}[/red]\nNothing was changed.")
        raise typer.Exit(1 if isinstance(exc, SecretKeyError) else 2) from None
    finally:
        services.close()
    console.print(
        f"Re-encrypted the secrets of {rows['channel settings']} channel(s) and {rows['personal keys']} "
        f"personal key(s) under the new secret key {new.key_id}."
    )
    _what_now(current, new, new_key_file)


def _rotate(db: SqlDatabase, current: MasterKey, new: MasterKey) -> dict[str, int]:
    if current.key_file is None:
        rows = rotate(db, SecretBox(current), SecretBox(new), SEALED_TABLES)
        db.scrub_sqlite()  # values sealed under the old key go from the file's free pages and WAL too
        return rows
    # The new key is on disk before any secret is sealed under it, and in its place only after the
    # commit: a crash in between leaves it in <key file>.new, never lost.
    pending = current.key_file.with_name(current.key_file.name + ".new")
    write_key_file(pending, new.key)
    try:
        rows = rotate(db, SecretBox(current), SecretBox(new), SEALED_TABLES)
    except BaseException:
        pending.unlink()
        raise
    os.replace(pending, current.key_file)
    db.scrub_sqlite()  # values sealed under the old key go from the file's free pages and WAL too
    return rows


def _what_now(current: MasterKey, new: MasterKey, new_key_file: str | None) -> None:
    if current.key_file is not None:
        console.print(
            f"The key file {current.key_file} now holds the new key. Back it up now, apart from the "
            "database backups (database backups made before now need the old key). Restart every "
            "running orderhub process of this database."
        )
        return
    if new_key_file is None:
        console.print(f"The new key (shown only this once): [bold]{new.encoded()}[/bold]")
    else:
        console.print(
            f"The new key is the one in {'standard input' if new_key_file == '-' else new_key_file}."
        )
    console.print(
        f"Now set {ENV} to the new key wherever it is set ({ENV} in the environment or .env) for every "
        "orderhub process of this database, and restart them: the old key no longer opens the secrets."
    )
