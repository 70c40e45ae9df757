"""Day boundaries in the merchant's time zone: "today" and a date filter mean whole local days."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def start_of(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone)


def today(now: datetime, zone: ZoneInfo) -> date:
    return now.astimezone(zone).date()


def whole_days(first: date, last: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """``[start of first, start of the day after last)`` (a DST day has 23 or 25 hours)."""
    return start_of(first, zone), start_of(last + timedelta(days=1), zone)
