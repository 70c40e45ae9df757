"""Re-seal everything sealed under one secret key under another, in one transaction: all or nothing."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from adapters.persistence.sql_database import SqlDatabase, Tx
from adapters.secrets.sealing import SecretBox

Reseal = Callable[[Tx, SecretBox, SecretBox], int]
"""Opens a table's sealed values with the old box and seals them with the new one; returns the rows."""


def rotate(db: SqlDatabase, old: SecretBox, new: SecretBox, tables: Mapping[str, Reseal]) -> dict[str, int]:
    """Rows re-sealed per table. A value the old key cannot open raises, and nothing is changed."""
    with db.transaction() as tx:
        return {name: reseal(tx, old, new) for name, reseal in tables.items()}
