"""/reports/sales: orders and revenue per channel, day or status and currency, as JSON or CSV."""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from application.periods import period
from application.reports import totals
from domain.access import Scope
from entrypoints.http.auth import Requires
from entrypoints.http.dependencies import ServicesDep
from entrypoints.http.errors import error_responses
from entrypoints.http.openapi import READ_MODEL_ERRORS
from entrypoints.http.response_models import SalesReportView
from ports.read_models import SalesRow

router = APIRouter(tags=["reports"])

FIELDS = (
    "key", "currency", "orders", "revenue", "cancelled_orders", "cancelled_amount", "pending_orders",
    "pending_amount",
)  # fmt: skip
Moment = Annotated[
    str | None,
    Query(
        max_length=40,
        description="a date (YYYY-MM-DD: whole days in the merchant's time zone, both ends included) "
        "or an ISO 8601 time (from included, to excluded; without an offset: the merchant's clock)",
    ),
]


def row_view(row: SalesRow) -> dict[str, Any]:
    return {
        "key": row.key,
        "currency": row.currency,
        "orders": row.orders,
        "revenue": f"{row.revenue}",
        "cancelled_orders": row.cancelled_orders,
        "cancelled_amount": f"{row.cancelled_amount}",
        "pending_orders": row.pending_orders,
        "pending_amount": f"{row.pending_amount}",
    }


def as_csv(rows: list[SalesRow]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row_view(row))
    return out.getvalue()


@router.get(
    "/reports/sales",
    dependencies=[Requires(Scope.REPORTS_READ)],
    summary="Sales per channel, day or status, and currency",
    response_model=None,
    responses={
        200: {
            "model": SalesReportView,
            "description": "The report as JSON, or (format=csv) as CSV with the columns of its items",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        },
        **error_responses(*READ_MODEL_ERRORS),
    },
)
def sales_report(
    services: ServicesDep,
    group_by: Literal["channel", "day", "status"] = "channel",
    start: Annotated[Moment, Query(alias="from")] = None,
    end: Annotated[Moment, Query(alias="to")] = None,
    format: Literal["json", "csv"] = "json",
) -> Any:
    """Orders by order time (a channel order's ``placed_at``), one row per group and currency.

    ``orders``/``revenue`` count every order that is neither cancelled nor still pending payment.
    Cancelled orders are counted apart in ``cancelled_orders`` and ``cancelled_amount``; orders
    whose payment is not yet authorised (status ``pending``, e.g. Amazon's Pending) in
    ``pending_orders`` and ``pending_amount``. Neither counts as revenue. Amounts are exact
    decimal strings; the CSV has the same columns.
    """
    since, until = period(services.order_queries.zone, start, end, "from", "to")
    rows = services.sales_report.sales(since, until, group_by)
    if format == "csv":
        name = f"sales-by-{group_by}.csv"
        return Response(
            as_csv(rows),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    return {
        "group_by": group_by,
        "from": since.isoformat() if since else None,
        "to": until.isoformat() if until else None,
        "items": [row_view(r) for r in rows],
        "totals": [row_view(r) for r in totals(rows)],
    }
