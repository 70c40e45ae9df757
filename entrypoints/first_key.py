"""The API key made at the first start: shown on a terminal, otherwise written to a private file.

Whatever ``orderhub serve`` writes to standard output ends up in service logs (systemd's journal,
docker logs) when no terminal is attached, and a key in a log is a key anyone with the log holds.
So it is printed only to a terminal; otherwise it goes, once, into a file only its owner may read
(mode 0600), and the output says only where that file is.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from application.api_keys import key_hash, new_api_key
from entrypoints.bootstrap import Services
from entrypoints.settings import Settings

KEY_FILE_NAME = "first-api-key.txt"


def key_file(settings: Settings, database_file: Path | None) -> Path:
    """``ORDERHUB_FIRST_KEY_FILE``; else beside the SQLite database; else in the working directory."""
    if settings.first_key_file is not None:
        return settings.first_key_file
    if database_file is not None:
        return database_file.parent / KEY_FILE_NAME
    return Path.cwd() / f"orderhub-{KEY_FILE_NAME}"


def write_private(path: Path, text: str) -> None:
    """Write ``text`` so that no one but this user can ever read it: the file is created with mode
    0600 (not chmod-ed after), then moved into place, so a reader sees the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)  # also when the file was left behind by a crash with other rights
        os.write(fd, text.encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(partial, path)


def ensure_api_key(
    services: Services,
    settings: Settings,
    database_file: Path | None,
    say: Callable[[str], None],
    on_terminal: bool | None = None,
) -> Path | None:
    """First start with no key at all: make one and keep only its hash. Returns the file it was
    written to (None when it was shown on the terminal, or when no key was needed)."""
    if settings.api_key is not None or services.api_keys.has_any():
        return None
    key = new_api_key()
    if sys.stdout.isatty() if on_terminal is None else on_terminal:
        services.api_keys.add_hash(key_hash(key), "generated at first start")
        say("[bold]No API key was configured, so one was generated. It is shown only this once:[/bold]")
        say(f"  Authorization: Bearer [bold green]{key}[/bold green]")
        return None
    path = key_file(settings, database_file)
    write_private(path, key + "\n")  # before the hash is stored: a key is never stored but lost
    services.api_keys.add_hash(key_hash(key), "generated at first start")
    say(
        f"No API key was configured, so one was generated and written to {path} (readable by this "
        "user only; it is not shown here, as this output may be a log). Read it, keep it safe, then "
        "delete the file."
    )
    return path
