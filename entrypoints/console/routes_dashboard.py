"""The dashboard (``/console``): today's orders per source, the last 30 days, channels whose last
sync failed and the orders in quarantine, each a link to the page that shows them."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from domain.calendar_days import day_end, day_of, day_start
from entrypoints.console import formatting
from entrypoints.console.charts import Bar, bar_chart
from entrypoints.console.i18n import N_, gettext
from entrypoints.console.rendering import render
from entrypoints.console.security import Viewer, config_of, services_of
from ports.read_models import SalesRow

router = APIRouter()

PLACED_HERE = {"(immediate)": N_("Immediate order"), "(customer)": N_("Customer order")}
"""The report's keys for orders placed in orderhub; every other key is a channel's name."""
SOURCE_FILTER = {"(immediate)": "immediate", "(customer)": "customer"}
DAYS = 30


def orders_in(row: SalesRow) -> int:
    """Every order of the row: sold, cancelled and still pending payment."""
    return row.orders + row.cancelled_orders + row.pending_orders


def per_key(rows: list[SalesRow]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.key] = counts.get(row.key, 0) + orders_in(row)
    return counts


@router.get("", name="console_dashboard", response_class=HTMLResponse)
def dashboard(request: Request, who: Viewer) -> HTMLResponse:
    services, zone = services_of(request), config_of(request).zone
    day = day_of(services.clock.now(), zone)
    start, end = day_start(day, zone), day_end(day, zone)
    today_counts = per_key(services.sales_report.sales(start, end, "channel"))
    first = day - timedelta(days=DAYS - 1)
    month_start, month_end = day_start(first, zone), day_end(day, zone)
    per_day = per_key(services.sales_report.sales(month_start, month_end, "day"))
    days = [first + timedelta(days=n) for n in range(DAYS)]
    bars = [
        Bar(
            formatting.day_short(d),
            per_day.get(d.isoformat(), 0),
            formatting.number(per_day.get(d.isoformat(), 0)),
        )
        for d in days
    ]
    channels = services.channels.list()
    failed = [c for c in channels if c.last_sync is not None and c.last_sync.error]
    quarantined = sum(len(c.quarantine) for c in channels)
    return render(
        request,
        "dashboard.html",
        day_shown=day,
        today_per_source=[_source_row(key, count, day) for key, count in sorted(today_counts.items())],
        today_total=sum(today_counts.values()),
        chart=bar_chart(
            bars, gettext("Orders per day, the last %(days)s days") % {"days": DAYS}, every_nth_label=5
        ),
        month=list(zip(days, [bar.value for bar in bars], strict=True)),
        failed_channels=failed,
        quarantined=quarantined,
    )


def _source_row(key: str, count: int, day: date) -> dict[str, Any]:
    """A source of today's orders, and the filter of the order list that shows them."""
    which = {"source": SOURCE_FILTER[key]} if key in SOURCE_FILTER else {"source": f"channel:{key}"}
    return {
        "key": key,
        "label": PLACED_HERE.get(key),
        "count": count,
        "filter": {**which, "from": day, "to": day},
    }
