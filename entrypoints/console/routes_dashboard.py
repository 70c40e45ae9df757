"""The dashboard (``/console``): what came in today, from where."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from entrypoints.console.days import today, whole_days
from entrypoints.console.i18n import N_
from entrypoints.console.rendering import render
from entrypoints.console.security import Viewer, config_of, services_of

router = APIRouter()

PLACED_HERE = {"(immediate)": N_("Immediate order"), "(customer)": N_("Customer order")}
"""The report's keys for orders placed in orderhub; every other key is a channel's name."""


@router.get("", name="console_dashboard", response_class=HTMLResponse)
async def dashboard(request: Request, who: Viewer) -> HTMLResponse:
    services, zone = services_of(request), config_of(request).zone
    day = today(services.clock.now(), zone)
    start, end = whole_days(day, day, zone)
    rows = await run_in_threadpool(services.sales_report.sales, start, end, "channel")
    per_source: dict[str, int] = {}
    for row in rows:
        per_source[row.key] = (
            per_source.get(row.key, 0) + row.orders + row.cancelled_orders + row.pending_orders
        )
    return render(
        request,
        "dashboard.html",
        day_shown=day,
        today_per_source=[(key, PLACED_HERE.get(key), count) for key, count in sorted(per_source.items())],
        today_total=sum(per_source.values()),
    )
