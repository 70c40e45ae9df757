"""A fake ``ports.clock.Clock`` for tests: time stands still until told to move."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class FakeClock:
    """A ``ports.clock.Clock`` that stands still until told to move."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2025, 1, 15, 12, 0, tzinfo=UTC)
        if self._now.tzinfo is None:
            raise ValueError("FakeClock needs a timezone-aware start")

    def now(self) -> datetime:
        return self._now

    def advance(self, seconds: float = 0, **delta: float) -> datetime:
        self._now += timedelta(seconds=seconds, **delta)
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = moment
