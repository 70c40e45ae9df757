"""Times given in query parameters, as the read models compare them: aware, in UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator


def as_utc(moment: datetime) -> datetime:
    """A time without an offset is taken as UTC; one near year 1 or 9999 that does not convert is a
    ValueError (a 422, not a 500)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise ValueError("time is out of range once converted to UTC") from None


UtcTime = Annotated[datetime, AfterValidator(as_utc)]
