"""Date filters in the merchant's time zone (application/periods.py, domain/calendar_days.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from application.errors import InvalidQueryError
from application.periods import moment, period
from domain.calendar_days import day_end, day_of, day_start

BERLIN = ZoneInfo("Europe/Berlin")


def test_a_date_is_the_whole_day_in_berlin() -> None:
    assert period(BERLIN, "2026-12-03", "2026-12-03") == (
        datetime(2026, 12, 2, 23, 0, tzinfo=UTC),
        datetime(2026, 12, 3, 23, 0, tzinfo=UTC),
    )
    assert period(BERLIN, "2026-07-01", None) == (datetime(2026, 6, 30, 22, 0, tzinfo=UTC), None)


@pytest.mark.parametrize(
    ("day", "hours"), [(date(2026, 3, 29), 23), (date(2026, 10, 25), 25), (date(2026, 5, 1), 24)]
)
def test_daylight_saving_days_are_23_and_25_hours_long(day: date, hours: int) -> None:
    since, until = period(BERLIN, day.isoformat(), day.isoformat())
    assert since is not None and until is not None
    assert until - since == timedelta(hours=hours)
    assert day_of(since, BERLIN) == day and day_of(until - timedelta(microseconds=1), BERLIN) == day
    assert (day_start(day, BERLIN), day_end(day, BERLIN)) == (since, until)


def test_times_with_an_offset_are_that_instant_and_without_one_the_merchants_clock() -> None:
    assert moment("f", "2026-12-03T10:00:00Z", BERLIN, end=False) == datetime(2026, 12, 3, 10, tzinfo=UTC)
    assert moment("f", "2026-12-03T10:00:00+05:30", BERLIN, end=True) == datetime(
        2026, 12, 3, 4, 30, tzinfo=UTC
    )
    assert moment("f", "2026-12-03T10:00:00", BERLIN, end=False) == datetime(2026, 12, 3, 9, tzinfo=UTC)
    assert moment("f", "  ", BERLIN, end=False) is None and moment("f", None, BERLIN, end=True) is None


def test_other_zones_have_other_days() -> None:
    assert period(ZoneInfo("Pacific/Auckland"), "2026-12-03", None)[0] == datetime(
        2026, 12, 2, 11, tzinfo=UTC
    )
    assert period(ZoneInfo("UTC"), None, "2026-12-03")[1] == datetime(2026, 12, 4, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        ("2026-12-04", "2026-12-03", "created_to"),
        ("2026-12-03T10:00Z", "2026-12-03T10:00Z", "created_to"),
        ("tomorrow", None, "created_from"),
        (None, "2026-02-30", "created_to"),
        ("0001-01-01", None, "created_from"),
        (None, "9999-12-31", "created_to"),
        ("1" * 50, None, "created_from"),
    ],
)
def test_unreadable_or_reversed_bounds_name_the_parameter(
    start: str | None, end: str | None, field: str
) -> None:
    with pytest.raises(InvalidQueryError) as raised:
        period(BERLIN, start, end)
    assert raised.value.field == field and str(raised.value).startswith(f"{field}: ")
