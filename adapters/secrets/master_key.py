"""The one secret key that seals secrets at rest: where it comes from, how it is checked and made.

``ORDERHUB_SECRET_KEY`` (base64 of 32 bytes) wins. Without it an SQLite store keeps its key in a file
beside the database (``<database>.key``, mode 0600), made at the first start; PostgreSQL has no file
to put it beside and several hosts share one database, so there the variable is required.
``memory://`` keeps nothing, so an ephemeral key fits it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import os
import secrets
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from adapters.persistence.database_url import DatabaseUrl

log = logging.getLogger(__name__)

ENV = "ORDERHUB_SECRET_KEY"
KEY_BYTES = 32
MAKE_ONE = "e.g. `openssl rand -base64 32`"


class SecretKeyConfigError(ValueError):
    """The configured key cannot be used at all: startup stops with this message."""


@dataclass(frozen=True)
class MasterKey:
    key: bytes = field(repr=False)
    source: str
    """Where it came from, for messages: ``ORDERHUB_SECRET_KEY``, ``key file …``, ``an ephemeral key``."""
    key_file: Path | None = None

    @property
    def key_id(self) -> str:
        """Names the key in what it sealed, so a wrong key is told apart from altered bytes; a hash of
        a random 32-byte key gives nothing of it away."""
        return hashlib.sha256(b"orderhub secret key id\0" + self.key).hexdigest()[:16]

    def encoded(self) -> str:
        return base64.b64encode(self.key).decode("ascii")


def new_key(source: str, key_file: Path | None = None) -> MasterKey:
    return MasterKey(secrets.token_bytes(KEY_BYTES), source, key_file)


def parse_key(text: str, where: str) -> bytes:
    """The 32 bytes of a base64 key; a clear error naming ``where`` otherwise."""
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise SecretKeyConfigError(
            f"{where} is not base64: it must be base64 of 32 bytes ({MAKE_ONE})"
        ) from None
    if len(key) != KEY_BYTES:
        raise SecretKeyConfigError(
            f"{where} holds {len(key)} bytes: it must be base64 of exactly 32 bytes ({MAKE_ONE})"
        )
    return key


def key_file_for(url: DatabaseUrl) -> Path:
    assert url.path is not None
    return url.path.with_name(url.path.name + ".key")


def write_key_file(path: Path, key: bytes) -> None:
    """Write ``key`` to ``path`` (mode 0600) so that a crash leaves the old file or the new one, whole."""
    partial = path.with_name(path.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)  # an older .partial may have had other bits
        os.write(fd, base64.b64encode(key) + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(partial, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def read_key_file(path: Path) -> MasterKey:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        log.warning("secret key file %s can be read by others (mode %o): chmod 600 %s", path, mode, path)
    return MasterKey(parse_key(path.read_text(), f"the secret key file {path}"), f"key file {path}", path)


def check_configured(url: DatabaseUrl, configured: str | None) -> bytes | None:
    """The configured key, None when there is none and the store can do without; raises
    ``SecretKeyConfigError`` otherwise (before any connection is opened)."""
    if configured is not None and configured.strip():
        return parse_key(configured, ENV)
    if url.scheme == "postgresql":
        raise SecretKeyConfigError(
            f"PostgreSQL needs {ENV}: set it to base64 of 32 random bytes ({MAKE_ONE}), the same in every "
            "orderhub process of this database, and keep a copy apart from the database backups: "
            "without it the channels' secrets cannot be read"
        )
    return None


def load_master_key(
    url: DatabaseUrl, configured: str | None, sealed_key_ids: Callable[[], set[str]] = set
) -> MasterKey:
    """The key to seal and open with. ``sealed_key_ids`` (asked only when a key file is to be made)
    names the keys the store's sealed values need: a key file made while some exist means the old
    one was lost, which is logged loudly (the channels it affects then say so at every sync)."""
    configured_key = check_configured(url, configured)
    if configured_key is not None:
        return MasterKey(configured_key, ENV)
    if url.scheme == "memory":
        return new_key("an ephemeral key (memory:// keeps nothing)")
    path = key_file_for(url)
    if path.exists():
        pending = path.with_name(path.name + ".new")
        if pending.exists():
            log.warning(
                "%s is left from an interrupted `orderhub secrets rotate`: if channels report that the "
                "secret key does not match, stop orderhub and move it to %s",
                pending,
                path,
            )
        return read_key_file(path)
    made = new_key(f"key file {path}", path)
    write_key_file(path, made.key)
    lost = sealed_key_ids()
    if lost:
        log.error(
            "the secret key file %s was missing, so a new one was made; secrets sealed under key %s cannot "
            "be read with it: stop orderhub, restore the old key file from your backup and start again, "
            "or enter the affected channels' secrets again (PATCH /api/v1/channels/{name})",
            path,
            ", ".join(sorted(lost)),
        )
    return made
