"""The order list: one row per order, with the columns the list filters and sorts by.

Every filter of ``GET /orders`` has an index that also serves the default order (newest first), so
a filtered page reads only the rows it returns. Totals are integer cents (exact, sortable).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from adapters.persistence.sql_database import Tx
from adapters.read_models import order_counts, order_summary
from adapters.read_models.order_summary import State
from adapters.read_models.projection import EventRecord
from adapters.read_models.table_projection import TableProjection

COLUMNS = (
    "id",
    "number",
    "customer_id",
    "source_kind",
    "channel",
    "external_id",
    "external_number",
    "local_status",
    "channel_status",
    "status",
    "currency",
    "total_cents",
    "created_at",
    "updated_at",
    "version",
    "pending_pushes",
)
ROW: Callable[[State], tuple[Any, ...]] = itemgetter(*COLUMNS)
"""A state's values in the order of COLUMNS."""


class OrderListProjection(TableProjection):
    name = "order_list"
    topics = order_summary.TOPICS
    base_table = "rm_orders"
    definition = (
        "id TEXT NOT NULL, number TEXT NOT NULL, customer_id TEXT NOT NULL, source_kind TEXT NOT NULL, "
        "channel TEXT, external_id TEXT, external_number TEXT, local_status TEXT, channel_status TEXT, status TEXT NOT NULL, "
        "currency TEXT NOT NULL, total_cents BIGINT NOT NULL, created_at TEXT NOT NULL, "
        "updated_at TEXT NOT NULL, version INTEGER NOT NULL, pending_pushes INTEGER NOT NULL"
    )
    unread = order_summary.UNREAD
    side_tables = ((order_counts.TABLE, order_counts.DEFINITION),)
    indexes = (
        ("created", "(created_at)"),
        ("updated", "(updated_at)"),
        ("total", "(total_cents)"),
        ("status", "(status, created_at)"),
        ("status_updated", "(status, updated_at)"),
        ("channel", "(channel, created_at)"),
        ("channel_total", "(channel, total_cents)"),
        ("source", "(source_kind, created_at)"),
        ("customer", "(customer_id, created_at)"),
        ("external", "(external_id)"),
        ("number", "(number)"),
        ("pending", "(channel, pending_pushes) WHERE pending_pushes > 0"),
    )

    def apply(self, tx: Tx, events: Sequence[EventRecord], new_rows_only: bool = False) -> None:
        before: dict[str, order_counts.Facts] = {}

        def load(ids: list[str]) -> dict[str, State]:
            states = {}
            for key, row in self.load(tx, COLUMNS, ids).items():
                state = states[key] = dict(zip(COLUMNS, row, strict=True))
                before[key] = facts(state)
            return states

        changed = order_summary.fold(events, load, new_rows_only)
        self.save(tx, COLUMNS, list(map(ROW, changed.values())))
        counts = order_counts.delta(zip(map(before.get, changed), map(facts, changed.values()), strict=True))
        order_counts.add(tx, self.side(order_counts.TABLE), counts)


facts: Callable[[State], order_counts.Facts] = itemgetter("status", "channel", "source_kind")
"""(status, channel, source kind) of an order's state."""
