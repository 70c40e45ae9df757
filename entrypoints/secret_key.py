"""The secret key of this store, from ``ORDERHUB_SECRET_KEY`` (or ``.env``) or the key file."""

from __future__ import annotations

from adapters.persistence.channel_secrets import sealed_key_ids
from adapters.persistence.database_url import DatabaseUrl
from adapters.persistence.sql_database import SqlDatabase
from adapters.privacy import keys as personal_keys
from adapters.secrets.master_key import MasterKey, check_configured, load_master_key
from adapters.secrets.sealing import SecretBox
from entrypoints.settings import Settings


def configured_secret_key() -> str | None:
    key = Settings().secret_key
    return key.get_secret_value() if key is not None else None


def check_secret_key(url: DatabaseUrl) -> None:
    """Raises ``SecretKeyConfigError`` for a key that is malformed or required and missing."""
    check_configured(url, configured_secret_key())


def master_key(url: DatabaseUrl, db: SqlDatabase) -> MasterKey:
    """Raises ``SecretKeyConfigError`` (a startup error that says what to set)."""
    return load_master_key(
        url, configured_secret_key(), lambda: sealed_key_ids(db) | personal_keys.sealed_key_ids(db)
    )


def secret_box(url: DatabaseUrl, db: SqlDatabase) -> SecretBox:
    return SecretBox(master_key(url, db))
