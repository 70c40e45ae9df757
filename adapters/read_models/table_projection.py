"""The common shape of orderhub's projections: one table, its indexes, and a renamed twin for rebuilds."""

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

    def __init__(self, table: str | None = None) -> None:
        self.table = table or self.base_table

    @property
    def tables(self) -> tuple[str, ...]:
        return (self.table,)

    def schema(self) -> list[str]:
        return [self.definition, *(f"{suffix} {spec}" for suffix, spec in self.indexes)]

    def renamed(self, suffix: str) -> Self:
        return type(self)(self.base_table + suffix)

    def create(self, tx: Tx, indexes: bool = True) -> None:
        create_table(tx, self.table, self.definition, self.indexes if indexes else ())

    def index_statements(self) -> list[str]:
        return [
            f"CREATE INDEX IF NOT EXISTS {self.table}_{s} ON {self.table} {spec}" for s, spec in self.indexes
        ]

    def apply(self, tx: Tx, events: Sequence[EventRecord], new_rows_only: bool = False) -> None:
        raise NotImplementedError
