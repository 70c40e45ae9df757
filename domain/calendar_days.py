"""The merchant's calendar: which instants a day covers, and which day an instant falls on.

A day is the merchant's day (``ORDERHUB_TIMEZONE``), not UTC's: an order placed at 00:30 in Berlin
belongs to that day in every filter and report. Days are not always 24 hours long (23 and 25 on the
days daylight saving time starts and ends), so a day's end is the next day's start, never
start + 24 h.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo


def day_start(day: date, zone: tzinfo) -> datetime:
    """The first instant of ``day`` in ``zone``, in UTC."""
    return datetime.combine(day, time(), tzinfo=zone).astimezone(UTC)


def day_end(day: date, zone: tzinfo) -> datetime:
    """The first instant after ``day`` in ``zone`` (the next day's start), in UTC."""
    return day_start(day + timedelta(days=1), zone)


def day_of(moment: datetime, zone: tzinfo) -> date:
    """The merchant's day an aware instant falls on."""
    return moment.astimezone(zone).date()
