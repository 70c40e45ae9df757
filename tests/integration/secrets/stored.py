"""What a store holds, read past orderhub: the raw files of SQLite, raw SQL rows of PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from adapters.persistence.database_url import DatabaseUrl
from entrypoints.bootstrap import Services


def raw_bytes(database_url: str, services: Services) -> bytes:
    """Every byte orderhub stored: SQLite's main file and its WAL; every row of every PostgreSQL table
    as text (bytea as hex); the settings table of memory:// (its event log holds masked settings)."""
    url = DatabaseUrl.parse(database_url)
    if url.scheme == "sqlite":
        assert url.path is not None
        wal = Path(f"{url.path}-wal")
        assert wal.exists(), "SQLite runs in WAL mode: the WAL must be scanned too"
        return url.path.read_bytes() + wal.read_bytes()
    if url.scheme == "postgresql":
        out = []
        with psycopg.connect(url.conninfo()) as conn:
            tables = [
                r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            ]
            for table in tables:
                query = sql.SQL("SELECT t::text FROM {} t").format(sql.Identifier(table))
                out += [row[0] for row in conn.execute(query)]
        return "\n".join(out).encode()
    with services.db.transaction(write=False) as tx:
        return repr(tx.query("SELECT * FROM orderhub_channel_settings")).encode()


def holds(raw: bytes, secret: str) -> bool:
    return secret.encode() in raw or secret.encode().hex().encode() in raw


def settings_row(services: Services, name: str) -> dict[str, Any]:
    with services.db.transaction(write=False) as tx:
        rows = tx.query(
            "SELECT settings, secrets, key_id FROM orderhub_channel_settings WHERE name = ?", (name,)
        )
    return dict(zip(("settings", "secrets", "key_id"), rows[0], strict=True))
