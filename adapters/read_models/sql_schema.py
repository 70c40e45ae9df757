"""Table-level SQL that differs between SQLite and PostgreSQL: existence, listing, renaming, upserts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from adapters.persistence.sql_database import IN_CHUNK, Tx


def table_exists(tx: Tx, table: str) -> bool:
    if tx.is_postgres:
        return tx.scalar("SELECT to_regclass(?)", (table,)) is not None
    return tx.scalar("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)) is not None


def tables_with_prefix(tx: Tx, prefix: str) -> list[str]:
    pattern = prefix.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%") + "%"
    if tx.is_postgres:
        sql = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE ? ESCAPE '\\'"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE ? ESCAPE '\\'"
    return [r[0] for r in tx.query(sql, (pattern,))]


def create_table(tx: Tx, table: str, columns: str, index_statements: Iterable[str] = ()) -> None:
    """Create ``table`` and, only when it is new, its indexes.

    Index names follow the table's name at creation; after a blue/green swap the live table keeps
    the names it was built with, so indexes are never created twice under two names.
    """
    if table_exists(tx, table):
        return
    tx.execute(f"CREATE TABLE {table} ({columns})")
    for statement in index_statements:
        tx.execute(statement)


def drop_table(tx: Tx, table: str) -> None:
    tx.execute(f"DROP TABLE IF EXISTS {table}")


def rename_table(tx: Tx, table: str, new_name: str) -> None:
    tx.execute(f"ALTER TABLE {table} RENAME TO {new_name}")


def load_rows(tx: Tx, table: str, columns: Sequence[str], ids: Iterable[str]) -> dict[str, list[Any]]:
    """Rows by their first column (the id), in a few ``IN`` queries rather than one per id."""
    return _rows_where_in(tx, table, columns, columns[0], list(dict.fromkeys(ids)))


def rows_by_rowid(tx: Tx, table: str, columns: Sequence[str], rowids: Sequence[int]) -> dict[str, list[Any]]:
    """SQLite rows by rowid (no index needed), keyed by their first column."""
    return _rows_where_in(tx, table, columns, "rowid", rowids)


def _rows_where_in(
    tx: Tx, table: str, columns: Sequence[str], key: str, values: Sequence[Any]
) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    select = ", ".join(columns)
    for start in range(0, len(values), IN_CHUNK):
        chunk = values[start : start + IN_CHUNK]
        marks = ", ".join("?" * len(chunk))
        for row in tx.query(f"SELECT {select} FROM {table} WHERE {key} IN ({marks})", chunk):
            found[row[0]] = list(row)
    return found


def upsert_rows(tx: Tx, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert or replace rows keyed by the first column, never replacing a newer ``version``."""
    names = ", ".join(columns)
    marks = ", ".join("?" * len(columns))
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns[1:])
    tx.executemany(
        f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT ({columns[0]}) DO UPDATE SET "
        f"{updates} WHERE {table}.version < excluded.version",
        rows,
    )
