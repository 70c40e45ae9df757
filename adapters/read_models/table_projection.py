"""The common shape of orderhub's projections: a main table with its indexes, maybe side tables, and
a renamed twin of all of them for blue/green rebuilds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Self

from adapters.persistence.sql_database import Tx
from adapters.read_models.projection import EventRecord
from adapters.read_models.sql_schema import create_table


class TableProjection:
    name: ClassVar[str]
    topics: ClassVar[list[str]]
    base_table: ClassVar[str]
    definition: ClassVar[str]
    indexes: ClassVar[tuple[tuple[str, str], ...]] = ()
    """(name suffix, column list and optional WHERE), e.g. ``("status", "(status, created_at)")``."""
    side_tables: ClassVar[tuple[tuple[str, str], ...]] = ()
    """(base name, definition) of small tables kept with the main one (no secondary indexes)."""

    def __init__(self, suffix: str = "") -> None:
        self.suffix = suffix
        self.table = self.base_table + suffix

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
        create_table(tx, self.table, self.definition, self.indexes if indexes else ())
        for name, definition in self.side_tables:
            create_table(tx, self.side(name), definition)

    def index_statements(self) -> list[str]:
        return [
            f"CREATE INDEX IF NOT EXISTS {self.table}_{s} ON {self.table} {spec}" for s, spec in self.indexes
        ]

    def apply(self, tx: Tx, events: Sequence[EventRecord], new_rows_only: bool = False) -> None:
        raise NotImplementedError
