"""The secrets of channel settings, sealed in ``orderhub_channel_settings`` (beside the other settings).

``settings`` holds what is not secret; ``secrets`` holds each secret field sealed on its own for this
channel and field (adapters/secrets/sealing.py), so a value copied to another channel or field does
not open; ``key_id`` names the key they are sealed under. A row whose ``key_id`` is NULL was written
before sealing existed, with its secrets in clear in ``settings``: ``seal_clear_rows`` seals it at
the next start.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Collection
from typing import Any

from adapters.persistence.sql_database import SqlDatabase, Tx
from adapters.secrets.sealing import SealedValueError, SecretBox, SecretKeyMismatchError
from ports.secrets import UnreadableChannelSecretsError

log = logging.getLogger(__name__)

TABLE = "orderhub_channel_settings"
ADDED_COLUMNS = ("secrets", "key_id")


def add_secret_columns(tx: Tx) -> None:
    """Tables made before sealing existed get the two columns (new tables too: one way for both)."""
    if tx.is_postgres:
        for column in ADDED_COLUMNS:
            tx.execute(f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS {column} TEXT")
        return
    present = {row[1] for row in tx.query(f"PRAGMA table_info({TABLE})")}
    for column in ADDED_COLUMNS:
        if column not in present:
            tx.execute(f"ALTER TABLE {TABLE} ADD COLUMN {column} TEXT")


def _bound_to(name: str, field: str) -> bytes:
    return json.dumps([TABLE, name, field]).encode()


def seal(box: SecretBox, name: str, secrets: dict[str, Any]) -> str:
    return json.dumps(
        {
            field: box.seal(json.dumps(value).encode(), _bound_to(name, field))
            for field, value in secrets.items()
        }
    )


def open_settings(box: SecretBox, name: str, kind: str, settings: str, sealed: str | None) -> dict[str, Any]:
    """The full settings of a row; ``UnreadableChannelSecretsError`` (saying what to do) when the key
    in use cannot open its secrets."""
    public: dict[str, Any] = json.loads(settings)
    if sealed is None:
        return public
    opened = {}
    for field, value in json.loads(sealed).items():
        try:
            opened[field] = json.loads(box.open(value, _bound_to(name, field)))
        except SecretKeyMismatchError as exc:
            raise UnreadableChannelSecretsError(
                f"channel {name!r}: its secrets cannot be read, {exc}. Set ORDERHUB_SECRET_KEY to the key "
                "they were sealed under (or restore the key file from your backup) and restart orderhub, "
                f"or enter the channel's secrets again with PATCH /api/v1/channels/{name}",
                name,
                kind,
                public,
            ) from None
        except SealedValueError as exc:
            raise UnreadableChannelSecretsError(
                f"channel {name!r}: its secret setting {field!r} cannot be read: {exc}. Enter the "
                f"channel's secrets again with PATCH /api/v1/channels/{name}",
                name,
                kind,
                public,
            ) from None
    return public | opened


def sealed_key_ids(db: SqlDatabase) -> set[str]:
    """The keys the table's sealed values need (none on a first start, before the table exists)."""
    with db.transaction(write=False) as tx:
        if not tx.is_postgres and "key_id" not in {row[1] for row in tx.query(f"PRAGMA table_info({TABLE})")}:
            return set()
        return {row[0] for row in tx.query(f"SELECT DISTINCT key_id FROM {TABLE} WHERE key_id IS NOT NULL")}


def seal_clear_rows(
    db: SqlDatabase, box: SecretBox, secret_names_of: Callable[[str], Collection[str] | None]
) -> int:
    """Seal the secrets of rows written before sealing existed; returns how many rows it sealed.

    ``secret_names_of(kind)`` names a kind's secret fields, None for a kind that is not installed:
    then every field is sealed, so that nothing secret stays in clear for want of knowing."""
    with db.transaction() as tx:
        rows = tx.query(f"SELECT name, kind, settings FROM {TABLE} WHERE key_id IS NULL")
        for name, kind, settings in rows:
            values: dict[str, Any] = json.loads(settings)
            names = secret_names_of(kind)
            secret = set(values) if names is None else set(names) & set(values)
            public = {k: v for k, v in values.items() if k not in secret}
            tx.execute(
                f"UPDATE {TABLE} SET settings = ?, secrets = ?, key_id = ? WHERE name = ? AND key_id IS NULL",
                (
                    json.dumps(public),
                    seal(box, name, {k: values[k] for k in secret}),
                    box.key.key_id,
                    name,
                ),
            )
    if rows and not db.scrub_sqlite():
        log.warning(
            "sealed the clear-text channel secrets, but the WAL of the SQLite file could not be "
            "emptied (another process reads it): their old bytes go when it is next checkpointed"
        )
    return len(rows)


def reseal(tx: Tx, old: SecretBox, new: SecretBox) -> int:
    """Inside the caller's transaction: every row's secrets opened with ``old`` and sealed with ``new``.
    Raises (so the caller rolls back, all or nothing) when any of them does not open."""
    rows = tx.query(
        f"SELECT name, kind, settings, secrets FROM {TABLE} WHERE key_id IS NOT NULL ORDER BY name"
    )
    for name, kind, settings, sealed in rows:
        full = open_settings(old, name, kind, settings, sealed)
        secret = {field: full[field] for field in json.loads(sealed)}
        tx.execute(
            f"UPDATE {TABLE} SET secrets = ?, key_id = ? WHERE name = ?",
            (seal(new, name, secret), new.key.key_id, name),
        )
    return len(rows)
