"""Sales figures from the report projection: orders and revenue per group and currency.

Sums are taken over integer cents, so they are exact; cancelled orders and orders still pending
payment (Amazon's Pending, a channel's unpaid order) are counted apart and never count as revenue.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Literal

from adapters.persistence.sql_database import SqlDatabase
from adapters.read_models.projection import iso
from adapters.read_models.runner import ProjectionRunner
from adapters.read_models.sales_report import TABLE, SalesReportProjection

GroupBy = Literal["channel", "day", "status"]
GROUP_COLUMNS: dict[str, str] = {"channel": "channel_key", "day": "day", "status": "status"}
APART = "('cancelled', 'pending')"
"""Statuses that are not revenue: counted in their own columns."""


@dataclass(frozen=True)
class SalesRow:
    key: str
    currency: str
    orders: int
    revenue: Decimal
    cancelled_orders: int
    cancelled_amount: Decimal
    pending_orders: int = 0
    pending_amount: Decimal = Decimal("0.00")
    """Orders whose payment is not yet authorised: not revenue until they are paid."""

    def plus(self, other: SalesRow, key: str) -> SalesRow:
        return SalesRow(
            key,
            self.currency,
            self.orders + other.orders,
            self.revenue + other.revenue,
            self.cancelled_orders + other.cancelled_orders,
            self.cancelled_amount + other.cancelled_amount,
            self.pending_orders + other.pending_orders,
            self.pending_amount + other.pending_amount,
        )


def _amount(total_cents: object) -> Decimal:
    return Decimal(int(total_cents or 0)).scaleb(-2)  # type: ignore[call-overload]


class SqlSalesReport:
    def __init__(self, db: SqlDatabase, runner: ProjectionRunner) -> None:
        self._db, self._runner = db, runner

    def sales(self, start: datetime | None, end: datetime | None, group_by: GroupBy) -> list[SalesRow]:
        """Orders created in ``[start, end)`` (order time: placed_at for channel orders), grouped."""
        self._runner.catch_up(SalesReportProjection.name)
        column = GROUP_COLUMNS[group_by]
        where, params = [], []
        if start is not None:
            where.append("created_at >= ?")
            params.append(iso(start))
        if end is not None:
            where.append("created_at < ?")
            params.append(iso(end))
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        sql = (
            f"SELECT {column}, currency, "
            f"SUM(CASE WHEN status NOT IN {APART} THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN status NOT IN {APART} THEN total_cents ELSE 0 END), "
            "SUM(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN status = 'cancelled' THEN total_cents ELSE 0 END), "
            "SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN status = 'pending' THEN total_cents ELSE 0 END) "
            f"FROM {TABLE}{clause} GROUP BY {column}, currency ORDER BY {column}, currency"
        )
        with self._db.transaction(write=False) as tx:
            rows = tx.query(sql, params)
        return [
            SalesRow(str(r[0]), str(r[1]), int(r[2]), _amount(r[3]), int(r[4]), _amount(r[5]), int(r[6]),
                     _amount(r[7]))
            for r in rows
        ]  # fmt: skip


def totals(rows: list[SalesRow]) -> list[SalesRow]:
    """One row per currency over all groups (key ``"total"``)."""
    by_currency: dict[str, SalesRow] = {}
    for row in rows:
        seen = by_currency.get(row.currency)
        by_currency[row.currency] = replace(row, key="total") if seen is None else seen.plus(row, "total")
    return [row for _, row in sorted(by_currency.items())]
