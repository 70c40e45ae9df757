"""The common shape of orderhub's projections: a main table with its indexes, maybe side tables, and
a renamed twin of all of them for blue/green rebuilds.

Rows of a keyed table are found by ``id`` through a unique index. A rebuild's new SQLite table gets
no index at all until it is filled: rows are found by rowid through an in-memory map instead (about
100 bytes per row), because keeping a random-id index up to date page after page rewrites most of
it at every commit once it holds a million rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Self

from adapters.persistence.sql_database import Tx
from adapters.read_models.event_records import Unread
from adapters.read_models.projection import EventRecord
from adapters.read_models.sql_schema import create_table, load_rows, rows_by_rowid, upsert_rows


class TableProjection:
    name: ClassVar[str]
    topics: ClassVar[list[str]]
    base_table: ClassVar[str]
    definition: ClassVar[str]
    keyed: ClassVar[bool] = True
    """Rows are keyed by their ``id`` column (the first of the columns passed to load and save)."""
    indexes: ClassVar[tuple[tuple[str, str], ...]] = ()
    """(name suffix, column list and optional WHERE), e.g. ``("status", "(status, created_at)")``."""
    side_tables: ClassVar[tuple[tuple[str, str], ...]] = ()
    unread: ClassVar[Unread | None] = None
    """Spans of event JSON that ``apply`` never reads: a rebuild does not parse them (event_records.py)."""
    reads_personal_data: ClassVar[bool] = True
    """False: ``apply`` reads no personal data (``domain/privacy.py``), so it is neither opened nor parsed."""
    """(base name, definition) of small tables kept with the main one (no secondary indexes)."""

    def __init__(self, suffix: str = "") -> None:
        self.suffix = suffix
        self.table = self.base_table + suffix
        self._rowids: dict[str, int] | None = None

    def side(self, base_name: str) -> str:
        return base_name + self.suffix

    @property
    def tables(self) -> tuple[str, ...]:
        return (self.table, *(self.side(name) for name, _ in self.side_tables))

    def schema(self) -> list[str]:
        indexes = [f"{suffix} {spec}" for suffix, spec in self.indexes]
        return [self.definition, *indexes, *(f"{name} ({spec})" for name, spec in self.side_tables)]

    def renamed(self, suffix: str) -> Self:
        return type(self)(suffix)

    def create(self, tx: Tx, indexes: bool = True) -> None:
        statements = self.index_statements()
        if not indexes:
            if self.keyed and not tx.is_postgres:
                statements, self._rowids = [], {}
            else:  # PostgreSQL finds rows through the key index while filling
                statements = statements[: 1 if self.keyed else 0]
        create_table(tx, self.table, self.definition, statements)
        for name, definition in self.side_tables:
            create_table(tx, self.side(name), definition)

    def index_statements(self) -> list[str]:
        key = (
            [f"CREATE UNIQUE INDEX IF NOT EXISTS {self.table}_key ON {self.table} (id)"] if self.keyed else []
        )
        return key + [
            f"CREATE INDEX IF NOT EXISTS {self.table}_{s} ON {self.table} {spec}" for s, spec in self.indexes
        ]

    def load(self, tx: Tx, columns: Sequence[str], ids: Sequence[str]) -> dict[str, list[Any]]:
        if self._rowids is None:
            return load_rows(tx, self.table, columns, ids)
        known = self._rowids
        return rows_by_rowid(tx, self.table, columns, [known[i] for i in dict.fromkeys(ids) if i in known])

    def save(self, tx: Tx, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        if self._rowids is None:
            upsert_rows(tx, self.table, columns, rows)
            return
        new: list[Sequence[Any]] = []
        changed: list[Sequence[Any]] = []
        known = self._rowids
        find, next_rowid = known.get, len(known) + 1
        for row in rows:
            key = row[0]
            rowid = find(key)
            if rowid is None:
                known[key] = next_rowid
                new.append((next_rowid, *row))
                next_rowid += 1
            else:
                changed.append((*row[1:], rowid))
        names, marks = ", ".join(columns), ", ".join("?" * len(columns))
        tx.executemany(f"INSERT INTO {self.table} (rowid, {names}) VALUES (?, {marks})", new)
        updates = ", ".join(f"{c} = ?" for c in columns[1:])
        tx.executemany(f"UPDATE {self.table} SET {updates} WHERE rowid = ?", changed)

    def apply(self, tx: Tx, events: Sequence[EventRecord], new_rows_only: bool = False) -> None:
        raise NotImplementedError
