"""Sales figures from the report projection: orders and revenue per group and currency.

Sums are taken over integer cents, so they are exact; cancelled orders and orders still pending
payment (Amazon's Pending, a channel's unpaid order) are counted apart and never count as revenue.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from adapters.persistence.sql_database import SqlDatabase
from adapters.read_models.projection import iso
from adapters.read_models.runner import ProjectionRunner
from adapters.read_models.sales_report import TABLE, SalesReportProjection
from ports.read_models import GroupBy, SalesRow

GROUP_COLUMNS: dict[str, str] = {"channel": "channel_key", "day": "day", "status": "status"}
APART = "('cancelled', 'pending')"
"""Statuses that are not revenue: counted in their own columns."""


def _amount(total_cents: object) -> Decimal:
    return Decimal(int(total_cents or 0)).scaleb(-2)  # type: ignore[call-overload]


class SqlSalesReport:
    def __init__(self, db: SqlDatabase, runner: ProjectionRunner) -> None:
        self._db, self._runner = db, runner

    def sales(self, start: datetime | None, end: datetime | None, group_by: GroupBy) -> list[SalesRow]:
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
