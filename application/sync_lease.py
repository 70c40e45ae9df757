"""Holding a channel's sync lease while its sync runs (ports/leases.py).

The lease lives ``LEASE_SECONDS`` and a heartbeat thread renews it every ``RENEW_SECONDS``, not
only between pages: one page can take longer than a lifetime (a slow channel, a big page). A
process that dies stops renewing, and its channels can be synced again within ``LEASE_SECONDS``;
a process that stops in order releases its leases at once (``SyncChannel.release_leases``).
"""

from __future__ import annotations

import logging
import threading
import uuid

from ports.clock import Clock
from ports.leases import SyncLeases

log = logging.getLogger(__name__)

LEASE_SECONDS = 30.0
RENEW_SECONDS = 10.0
"""A third of the lifetime: two renewals may fail (a busy database) before the lease lapses."""


class HeldLease:
    """One sync's lease on one channel: ``take`` it, ``start`` the heartbeat, ``release`` it."""

    def __init__(
        self,
        leases: SyncLeases,
        clock: Clock,
        name: str,
        *,
        lifetime: float = LEASE_SECONDS,
        renew_every: float = RENEW_SECONDS,
    ) -> None:
        self.name, self.owner = name, str(uuid.uuid4())
        self._leases, self._clock, self._lifetime, self._every = leases, clock, lifetime, renew_every
        self._done = threading.Event()
        self._released = threading.Lock()
        self._heartbeat: threading.Thread | None = None

    def take(self) -> bool:
        return self._leases.try_lease(self.name, self.owner, self._clock.now(), self._lifetime)

    def renew(self) -> bool:
        """Extend the lease; losing it is safe (imports are exactly-once) but logged."""
        kept = self._leases.try_lease(self.name, self.owner, self._clock.now(), self._lifetime)
        if not kept:
            log.warning("sync of %s outlived its lease; another process may be syncing it too", self.name)
        return kept

    def start(self) -> None:
        self._heartbeat = threading.Thread(target=self._beat, name=f"lease-{self.name}", daemon=True)
        self._heartbeat.start()

    def _beat(self) -> None:
        while not self._done.wait(self._every):
            try:
                self.renew()
            except Exception:  # a failed renewal is retried next beat; the lease lapses if all fail
                log.exception("renewing the sync lease of %s failed", self.name)

    def release(self) -> None:
        """Stop renewing and give the lease up; a second call does nothing."""
        if not self._released.acquire(blocking=False):
            return
        self._done.set()
        if self._heartbeat is not None and self._heartbeat is not threading.current_thread():
            self._heartbeat.join(timeout=self._every)
        try:
            self._leases.release(self.name, self.owner)
        except Exception:  # it lapses by itself within its lifetime
            log.exception("releasing the sync lease of %s failed", self.name)
