"""Sales figures from the report projection: orders and revenue per group and currency.

Sums are taken over integer cents, so they are exact; cancelled orders and orders still pending
payment (Amazon's Pending, a channel's unpaid order) are counted apart and never count as revenue.
SQLite's SUM fails with "integer overflow" past 2**63 cents, so each total is summed
in two 32-bit halves that are joined in Python (exact for up to 2**31 orders per group, whatever
their totals); PostgreSQL's SUM of a BIGINT is NUMERIC, exact at any size, and sums the same halves.
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


HALF = 32
SOLD, CANCELLED, PENDING = f"status NOT IN {APART}", "status = 'cancelled'", "status = 'pending'"


def _halves(condition: str) -> str:
    """Two SUMs whose results ``_amount`` joins: the high and the low 32 bits of each total."""
    high = f"SUM(CASE WHEN {condition} THEN total_cents / {1 << HALF} ELSE 0 END)"
    low = f"SUM(CASE WHEN {condition} THEN total_cents % {1 << HALF} ELSE 0 END)"
    return f"{high}, {low}"


def _amount(high: object, low: object) -> Decimal:
    # Integer division and remainder truncate toward zero on both stores, so high * 2**32 + low is
    # the sum even with negative totals.
    return Decimal((int(high or 0) << HALF) + int(low or 0)).scaleb(-2)  # type: ignore[call-overload]


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
            f"{_halves(SOLD)}, "
            "SUM(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END), "
            f"{_halves(CANCELLED)}, "
            "SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), "
            f"{_halves(PENDING)} "
            f"FROM {TABLE}{clause} GROUP BY {column}, currency ORDER BY {column}, currency"
        )
        with self._db.transaction(write=False) as tx:
            rows = tx.query(sql, params)
        return [
            SalesRow(str(r[0]), str(r[1]), int(r[2]), _amount(r[3], r[4]), int(r[5]), _amount(r[6], r[7]),
                     int(r[8]), _amount(r[9], r[10]))
            for r in rows
        ]  # fmt: skip
