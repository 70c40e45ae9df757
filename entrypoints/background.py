"""Background work: projections following the event log, and scheduled channel syncs.

It runs inside ``orderhub serve`` (unless ``--no-background`` / ``ORDERHUB_SCHEDULER=false``) or in
its own process, ``orderhub worker``, so that API processes and background work scale apart.
On PostgreSQL the projections wake on the event store's NOTIFY; elsewhere they poll.
"""

from __future__ import annotations

import logging
import threading

from adapters.persistence.event_notifications import EventWakeup
from adapters.read_models.runner import ProjectionStoppedError
from entrypoints.bootstrap import Services
from entrypoints.scheduler import DEFAULT_CONCURRENCY, SyncScheduler
from entrypoints.store_recovery import recover_from

log = logging.getLogger(__name__)

POLL_SECONDS = 0.2
"""How often projections look for new events without NOTIFY (SQLite)."""
FALLBACK_SECONDS = 2.0
"""With NOTIFY, a look now and then anyway, in case a notification was lost while reconnecting."""


def events_channel(services: Services) -> str:
    """The NOTIFY channel of the event store (its events table's name)."""
    recorder = services.book.recorder
    return str(getattr(recorder, "channel_name", f"{services.book.name}_events"))


class Background:
    def __init__(
        self,
        services: Services,
        *,
        scheduler: SyncScheduler | None = None,
        sync_concurrency: int = DEFAULT_CONCURRENCY,
    ) -> None:
        self._services = services
        self._scheduler = scheduler or SyncScheduler(services, concurrency=sync_concurrency)
        self._wakeup = EventWakeup(services.db.url, events_channel(services))
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._problem: str | None = None

    @property
    def listens(self) -> bool:
        return self._wakeup.listens

    def problem(self) -> str | None:
        """Why the projections are not following the event log here (None when they are)."""
        if self._thread is None or not self._thread.is_alive():
            return "the projections thread is not running"
        return self._problem

    def start(self) -> Background:
        self._thread = threading.Thread(target=self._follow, name="projections", daemon=True)
        self._thread.start()
        self._scheduler.start()
        return self

    def _follow(self) -> None:
        interval = FALLBACK_SECONDS if self._wakeup.listens else POLL_SECONDS
        while not self._stop.is_set():
            try:
                self._services.projections.catch_up()
                self._problem = None
            except ProjectionStoppedError:
                pass  # reported by `orderhub projections status`; a rebuild or a fix clears it
            except Exception as exc:
                reason = recover_from(self._services, exc)
                if reason is None:
                    self._problem = "the projections could not catch up; see the server log"
                    log.exception("projections could not catch up; trying again")
                elif self._problem != reason:  # once per outage, not at every poll
                    log.warning("projections wait for the store: %s", reason)
                self._problem = reason or self._problem
            self._wakeup.wait(interval)

    def stop(self) -> None:
        """Start no new work; give running syncs a moment to end after their page, then give up
        the leases of those still stuck so that other processes need not wait for them to lapse."""
        self._stop.set()
        self._services.sync.stop()
        self._wakeup.close()
        self._scheduler.stop()
        self._services.sync.release_leases()
        if self._thread is not None:
            self._thread.join(timeout=10)
