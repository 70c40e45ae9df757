"""How many orders the common list filters match, kept with the order list so that ``total`` is one
row read instead of a COUNT over hundreds of thousands of rows.

Counted: all orders, and per status, per source kind, per channel, per channel and status. Other
filter combinations (a customer, a date range, ...) select few rows and are counted directly.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from adapters.persistence.sql_database import Tx

TABLE = "rm_order_counts"
DEFINITION = "dimension TEXT NOT NULL, value TEXT NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (dimension, value)"
Facts = tuple[str, str | None, str]
"""(status, channel, source kind) of one order."""


def keys(facts: Facts) -> Iterable[tuple[str, str]]:
    status, channel, source = facts
    yield "all", ""
    yield "status", status
    yield "source", source
    if channel is not None:
        yield "channel", channel
        yield "channel_status", f"{channel}\x1f{status}"


def delta(changes: Iterable[tuple[Facts | None, Facts]]) -> Counter[tuple[str, str]]:
    """The count changes for orders that went from ``before`` (None: new) to ``after``."""
    moves: Counter[Facts] = Counter()  # a page has thousands of orders but few distinct facts
    for before, after in changes:
        if before != after:
            moves[after] += 1
            if before is not None:
                moves[before] -= 1
    counts: Counter[tuple[str, str]] = Counter()
    for facts, n in moves.items():
        if n:
            for key in keys(facts):
                counts[key] += n
    return counts


def add(tx: Tx, table: str, counts: Counter[tuple[str, str]]) -> None:
    rows = [(dimension, value, n) for (dimension, value), n in sorted(counts.items()) if n]
    tx.executemany(
        f"INSERT INTO {table} (dimension, value, n) VALUES (?, ?, ?) "
        f"ON CONFLICT (dimension, value) DO UPDATE SET n = {table}.n + excluded.n",
        rows,
    )


def lookup(status: str | None, channel: str | None, source: str | None) -> tuple[str, str] | None:
    """The counted key for a filter on these columns only, or None when it is not counted."""
    if source is not None:
        return ("source", source) if status is None and channel is None else None
    if channel is not None:
        return ("channel_status", f"{channel}\x1f{status}") if status is not None else ("channel", channel)
    return ("status", status) if status is not None else ("all", "")


def read(tx: Tx, key: tuple[str, str]) -> int:
    return int(tx.scalar(f"SELECT n FROM {TABLE} WHERE dimension = ? AND value = ?", key) or 0)
