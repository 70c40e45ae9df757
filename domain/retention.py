"""The record of retention runs: one event per run says up to which year order documents are gone.

Retention destroys keys, not events, so the event log would otherwise not say that (or when) it
happened. One aggregate at a fixed id: concurrent runs (two servers at midnight) collide, and the
one that loses sees that a run happened.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from uuid import NAMESPACE_URL, uuid5

from domain.eventsourced import Aggregate

RETENTION_RECORD_ID = uuid5(NAMESPACE_URL, "https://orderhub.dev/retention")


def last_year_to_destroy(now: datetime, zone: tzinfo, retention_years: int) -> int:
    """The last calendar year whose order documents are past their period at ``now``: a year's
    documents are kept until the end of year + ``retention_years`` (§ 147 AO, § 257 HGB)."""
    return now.astimezone(zone).year - retention_years - 1


def start_of_year(year: int, zone: tzinfo) -> datetime:
    """The first moment of ``year`` in the merchant's zone, in UTC (where order times are kept)."""
    return datetime(year, 1, 1, tzinfo=zone).astimezone(UTC)


class RetentionRecord(Aggregate):
    until_year: int | None
    """The last year whose documents are destroyed (None before the first run)."""
    last_run_at: datetime | None
    runs: int

    def __init__(self) -> None:
        """Attributes are set by the created event's ``apply``."""

    class Started(Aggregate.Created):
        def apply(self, record: RetentionRecord) -> None:
            record.until_year, record.last_run_at, record.runs = None, None, 0

    @classmethod
    def start(cls, now: datetime) -> RetentionRecord:
        return cls._create(cls.Started, id=RETENTION_RECORD_ID, timestamp=now)

    class Ran(Aggregate.Event):
        """Retention ran: every order document of ``until_year`` and earlier (placed before
        ``documents_before``) has lost its personal data; ``keys_destroyed`` by this run."""

        until_year: int
        documents_before: datetime
        keys_destroyed: int

        def apply(self, record: RetentionRecord) -> None:
            record.until_year = max(self.until_year, record.until_year or self.until_year)
            record.last_run_at, record.runs = self.timestamp, record.runs + 1

    def ran(self, until_year: int, documents_before: datetime, keys_destroyed: int, now: datetime) -> None:
        self.trigger_event(
            self.Ran,
            timestamp=now,
            until_year=until_year,
            documents_before=documents_before,
            keys_destroyed=keys_destroyed,
        )
