"""A concurrent writer that gets in first: the aggregate store's chosen saves collide, as in a race.

    writer = ConcurrentWriter(services.book, monkeypatch, meanwhile=lambda: ..., when=records("Synced"))

Just before a save that ``when`` picks (the first one, or the first ``times``), ``meanwhile()`` runs
and saves a change of its own through the real store, so the save it got ahead of meets its
aggregates changed or its ids taken and raises ``IntegrityError`` exactly as a real concurrent
writer makes it. ``writer.collided`` counts the saves that collided, so that a test can tell the
race really happened.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest
from eventsourcing.persistence import IntegrityError

from application.aggregate_store import AggregateStore


def records(event_name: str) -> Callable[[Sequence[Any]], bool]:
    """A ``when``: a save of aggregates with a pending event of this name."""
    return lambda objs: any(type(e).__name__ == event_name for o in objs for e in o.pending_events)


class ConcurrentWriter:
    def __init__(
        self,
        store: AggregateStore,
        monkeypatch: pytest.MonkeyPatch,
        meanwhile: Callable[[], object],
        when: Callable[[Sequence[Any]], bool] = lambda _: True,
        times: int = 1,
    ) -> None:
        self._save, self._meanwhile, self._when, self._times = store.save, meanwhile, when, times
        self._writing = False
        self.collided = 0
        monkeypatch.setattr(store, "save", self.save)

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        if not self._writing and self._times > 0 and self._when([o for o in objs if o is not None]):
            self._times -= 1
            self._writing = True  # its own saves go straight through
            try:
                self._meanwhile()
            finally:
                self._writing = False
        try:
            return self._save(*objs, **kwargs)
        except IntegrityError:
            self.collided += 1
            raise
