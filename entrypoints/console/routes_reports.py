"""Reports (``/console/reports``): sales per channel, day or status, as a chart, a table and CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict
from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from application.reports import totals
from domain.calendar_days import day_end, day_of, day_start
from entrypoints.console import formatting
from entrypoints.console.charts import Bar, bar_chart
from entrypoints.console.i18n import N_, gettext
from entrypoints.console.rendering import render
from entrypoints.console.routes_dashboard import PLACED_HERE
from entrypoints.console.security import Viewer, config_of, services_of
from ports.read_models import GroupBy, SalesRow

router = APIRouter()

GROUPS: dict[str, str] = {"day": N_("Day"), "channel": N_("Channel"), "status": N_("Status")}
DEFAULT_DAYS = 30
Text = Annotated[str, Query(max_length=40)]


Report = tuple[GroupBy, date, date, list[SalesRow], dict[str, str]]
"""Grouping, first and last day, the rows, and what is wrong with the filters (by field)."""


def _date(raw: str, default: date, field: str, problems: dict[str, str]) -> date:
    if not raw.strip():
        return default
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        problems[field] = gettext("Enter a date as YYYY-MM-DD, e.g. 2026-12-03.")
        return default


def report(
    request: Request, group: str, first: str, last: str
) -> tuple[GroupBy, date, date, list[SalesRow], dict[str, str]]:
    """The rows the filters ask for (whole days in the merchant's zone), or what is wrong with them."""
    problems: dict[str, str] = {}
    by: GroupBy = group if group in GROUPS else "day"  # type: ignore[assignment]  # checked just now
    if group and group not in GROUPS:
        problems["group"] = gettext("Choose a grouping from the list.")
    zone = config_of(request).zone
    now = day_of(services_of(request).clock.now(), zone)
    start = _date(first, now - timedelta(days=DEFAULT_DAYS - 1), "from", problems)
    end = _date(last, now, "to", problems)
    if end < start:
        problems["to"] = gettext("The end date is before the start date.")
    if problems:
        return by, start, end, [], problems
    since, until = day_start(start, zone), day_end(end, zone)
    return by, start, end, services_of(request).sales_report.sales(since, until, by), problems


def key_words(by: str, key: str) -> str:
    if by == "status":
        return formatting.status_word(key)
    if by == "channel" and key in PLACED_HERE:
        return gettext(PLACED_HERE[key])
    if by == "day":
        return formatting.day(key)
    return key


def asked(
    request: Request,
    group: Text = "",
    first: Annotated[str, Query(alias="from", max_length=40)] = "",
    last: Annotated[str, Query(alias="to", max_length=40)] = "",
) -> Report:
    """The report the URL asks for (the page and its CSV take the same parameters)."""
    return report(request, group, first, last)


Asked = Annotated[Report, Depends(asked)]


@router.get("/reports", name="console_reports", response_class=HTMLResponse)
def reports_page(request: Request, who: Viewer, asked: Asked) -> HTMLResponse:
    by, start, end, rows, problems = asked
    currencies = sorted({row.currency for row in rows})
    charts = [
        (
            currency,
            bar_chart(
                [
                    Bar(key_words(by, r.key), r.revenue, formatting.money(r.revenue, currency))
                    for r in rows
                    if r.currency == currency
                ],
                gettext("Revenue in %(currency)s per %(group)s")
                % {"currency": currency, "group": gettext(GROUPS[by])},
                every_nth_label=5 if by == "day" else 1,
            ),
        )
        for currency in currencies
    ]
    query = {"group": by, "from": start.isoformat(), "to": end.isoformat()}
    return render(
        request,
        "reports.html",
        400 if problems else 200,
        groups=GROUPS,
        by=by,
        start=start,
        end=end,
        problems=problems,
        rows=[(key_words(by, r.key), r) for r in rows],
        totals=totals(rows),
        charts=charts,
        csv_query=query,
    )


@router.get("/reports/sales.csv", name="console_reports_csv")
def reports_csv(who: Viewer, asked: Asked) -> Response:
    """The table of the page as CSV, with the API's columns (GET /api/v1/reports/sales?format=csv)."""
    by, start, end, rows, problems = asked
    if problems:
        return Response("; ".join(f"{k}: {v}" for k, v in problems.items()), 400, media_type="text/plain")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = list(SalesRow.__dataclass_fields__)
    writer.writerow(columns)
    writer.writerows([[str(value) for value in asdict(row).values()] for row in rows])
    name = f"sales-by-{by}-{start.isoformat()}-{end.isoformat()}.csv"
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
