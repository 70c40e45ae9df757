"""The sales report's projection: one row per order with what the report groups and sums by.

Keyed by order, so a status change or a content sync moves the order between groups (and between
revenue and cancellations) instead of being added to a running aggregate.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Self
from zoneinfo import ZoneInfo

from adapters.persistence.sql_database import Tx
from adapters.read_models import order_summary
from adapters.read_models.order_summary import State
from adapters.read_models.projection import EventRecord
from adapters.read_models.table_projection import TableProjection
from domain.calendar_days import day_of

TABLE = "rm_sales"
COLUMNS = (
    "id",
    "channel_key",
    "currency",
    "total_cents",
    "local_status",
    "channel_status",
    "status",
    "created_at",
    "day",
    "version",
)


def channel_key(state: State) -> str:
    """The channel's name; orders placed here are grouped as ``(immediate)`` and ``(customer)``.

    Channel names start with a letter or digit, so these keys never collide with one.
    """
    return str(state["channel"]) if state["channel"] else f"({state['source_kind']})"


class SalesReportProjection(TableProjection):
    name = "sales_report"
    topics = order_summary.TOPICS
    base_table = TABLE
    definition = (
        "id TEXT NOT NULL, channel_key TEXT NOT NULL, currency TEXT NOT NULL, total_cents BIGINT NOT NULL, "
        "local_status TEXT, channel_status TEXT, status TEXT NOT NULL, created_at TEXT NOT NULL, "
        "day TEXT NOT NULL, version INTEGER NOT NULL"
    )
    unread = order_summary.UNREAD
    indexes = (("created", "(created_at, channel_key, currency, status, total_cents)"),)

    def __init__(self, suffix: str = "", zone: ZoneInfo | None = None) -> None:
        """``zone``: the merchant's, whose days ``day`` names (UTC's when not given)."""
        super().__init__(suffix)
        self.zone = zone or ZoneInfo("UTC")
        self._days: dict[str, str] = {}

    def schema(self) -> list[str]:
        """Days depend on the zone: another zone rebuilds the report."""
        return [*super().schema(), f"day in {self.zone.key}"]

    def renamed(self, suffix: str) -> Self:
        return type(self)(suffix, self.zone)

    def day(self, created_at: str) -> str:
        """The merchant's day of a stored UTC time, memoised per UTC hour where the zone's offset
        is whole hours (then a UTC hour lies within one local day)."""
        hour = created_at[:13]
        found = self._days.get(hour)
        if found is None:
            moment = datetime.fromisoformat(created_at)
            found = day_of(moment, self.zone).isoformat()
            offset = moment.astimezone(self.zone).utcoffset()
            if offset is not None and offset.total_seconds() % 3600 == 0:
                self._days[hour] = found
        return found

    def apply(self, tx: Tx, events: Sequence[EventRecord], new_rows_only: bool = False) -> None:
        def load(ids: list[str]) -> dict[str, State]:
            states = {}
            for key, row in self.load(tx, COLUMNS, ids).items():
                state = dict(zip(COLUMNS, row, strict=True))
                state["pending_pushes"] = 0  # not reported; the fold keeps a count anyway
                states[key] = state
            return states

        rows = []
        for state in order_summary.fold(events, load, new_rows_only).values():
            if "channel_key" not in state:
                state["channel_key"] = channel_key(state)
            state["day"] = self.day(state["created_at"])
            rows.append([state[c] for c in COLUMNS])
        self.save(tx, COLUMNS, rows)
