"""Date filters as the merchant means them: a date is a whole day in the merchant's time zone.

``created_from=2026-12-03&created_to=2026-12-03`` is all of 3 December in Berlin (23:00 UTC on the
2nd up to 23:00 UTC on the 3rd); a time with an offset is that instant; a time without one is a
time of the merchant's clock. The order lists and the sales report read their filters here, so
they agree to the instant.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo

from application.errors import InvalidQueryError
from domain.calendar_days import day_end, day_start

MAX_TEXT = 40


def moment(field: str, text: str | None, zone: tzinfo, *, end: bool) -> datetime | None:
    """The UTC instant a filter's bound means: a date's start (``end``: the next day's start), or
    the time given. None for an absent or blank bound."""
    if text is None or not text.strip():
        return None
    text = text.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return day_end(day, zone) if end else day_start(day, zone)
        if len(text) > MAX_TEXT:
            raise ValueError(text)
        given = datetime.fromisoformat(text)
        return (given if given.tzinfo else given.replace(tzinfo=zone)).astimezone(UTC)
    except (ValueError, OverflowError):
        raise InvalidQueryError(
            field,
            f"{text[:MAX_TEXT]!r} is not a date (2026-12-03) or an ISO 8601 time (2026-12-03T09:30:00+01:00)",
        ) from None


def period(
    zone: tzinfo,
    start: str | None,
    end: str | None,
    start_field: str = "created_from",
    end_field: str = "created_to",
) -> tuple[datetime | None, datetime | None]:
    """[from, to) in UTC of a filter's two bounds; a to before its from is an error naming it."""
    since = moment(start_field, start, zone, end=False)
    until = moment(end_field, end, zone, end=True)
    if since is not None and until is not None and since >= until:
        raise InvalidQueryError(end_field, f"must be after {start_field} ({start} is after {end})")
    return since, until
