"""Human-readable numbers (orders, customers) from a counter table beside the event log.

A number is taken before the aggregate is saved, so a failed save leaves a gap; numbers stay
unique, which is what a merchant relies on (JTL-Wawi's numbers have gaps too).
"""

from __future__ import annotations

from adapters.persistence.sql_database import SqlDatabase

DDL = "CREATE TABLE IF NOT EXISTS orderhub_sequences (name TEXT PRIMARY KEY, value BIGINT NOT NULL)"


class SqlNumberSequence:
    def __init__(self, db: SqlDatabase, start: int = 100000) -> None:
        self._db, self._start = db, start
        with db.transaction() as tx:
            tx.execute(DDL)

    def next_numbers(self, name: str, count: int) -> list[int]:
        if count <= 0:
            return []
        with self._db.transaction() as tx:
            tx.execute(
                "INSERT INTO orderhub_sequences (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                (name, self._start),
            )
            last = int(
                tx.scalar(
                    "UPDATE orderhub_sequences SET value = value + ? WHERE name = ? RETURNING value",
                    (count, name),
                )
            )
        return list(range(last - count + 1, last + 1))
