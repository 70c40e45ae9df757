"""Retention: the personal data of order documents is destroyed when their period ends.

Names and addresses on orders are kept for ``ORDERHUB_RETENTION_YEARS`` after the end of the
order's calendar year (in the merchant's zone), for every customer, erased or not; then every
person's documents key of that year is destroyed (ports/personal_keys.py), which destroys those
data in every event, snapshot and backup at once. Each run records one ``RetentionRecord.Ran``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from application.acting import acting_as
from application.aggregate_store import AggregateStore
from application.unit_of_work import Decision, retrying
from domain.actor import Actor
from domain.retention import RETENTION_RECORD_ID, RetentionRecord, last_year_to_destroy, start_of_year
from ports.clock import Clock
from ports.personal_keys import PersonalKeys
from ports.read_models import Projections

RETENTION = Actor.system("retention")
EVERY = timedelta(days=1)
"""How often the server runs it: documents expire at a year's end, a day late is no harm."""


@dataclass(frozen=True)
class RetentionRun:
    until_year: int
    """Order documents of this calendar year and earlier have no personal data any more."""
    documents_before: datetime
    keys_destroyed: int
    ran_at: datetime


class Retention:
    def __init__(
        self,
        book: AggregateStore,
        keys: PersonalKeys,
        projections: Projections,
        scrub_files: Callable[[], object],
        clock: Clock,
        *,
        retention_years: int,
        zone: tzinfo,
    ) -> None:
        self._book, self._keys, self._projections = book, keys, projections
        self._scrub_files, self._clock = scrub_files, clock
        self._retention_years, self._zone = retention_years, zone

    def run(self, now: datetime | None = None) -> RetentionRun:
        """Destroy the documents keys of every year whose period ended before ``now`` (default:
        the clock's time), record that it ran, and let the read models and files forget them."""
        now = now or self._clock.now()
        until = last_year_to_destroy(now, self._zone, self._retention_years)
        before = start_of_year(until + 1, self._zone)
        destroyed = self._keys.destroy_documents_until(until)

        def decide() -> Decision[RetentionRun]:
            record = self._record() or RetentionRecord.start(now)
            record.ran(until, before, destroyed, now)
            return RetentionRun(until, before, destroyed, now), [record]

        with acting_as(RETENTION):
            run = retrying(self._book, "the retention record", decide)
        self._projections.catch_up()
        self._book.forget_reads()
        self._scrub_files()
        return run

    def due(self, now: datetime | None = None) -> bool:
        """No run yet, or none within a day (by any process sharing the store)."""
        record = self._record()
        last = record.last_run_at if record is not None else None
        return last is None or (now or self._clock.now()) - last >= EVERY

    def last_run(self) -> datetime | None:
        record = self._record()
        return record.last_run_at if record is not None else None

    def _record(self) -> RetentionRecord | None:
        found = self._book.get(RETENTION_RECORD_ID)
        return found if isinstance(found, RetentionRecord) else None
