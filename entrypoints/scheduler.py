"""Background work inside a server or worker: scheduled channel syncs.

Each due channel syncs on a thread of its own, at most ``concurrency`` at once (the setting
``ORDERHUB_SYNC_CONCURRENCY``), so a channel that does not answer delays no other. Stopping starts
no new sync, tells the running ones to end after their current page, and waits for them only
``STOP_GRACE_SECONDS``: a sync stuck on a silent channel is abandoned, which is safe because
imports are exactly-once and the next sync resumes from the last saved page.

A sync that fails (the store is unavailable, a bug) is tried again after a pause that doubles
with every failure in a row, up to ``BACKOFF_CAP_SECONDS``: not every tick with a traceback each
time. A known store problem is logged in one line; anything else with its traceback.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

from application.errors import ChannelNotFoundError, ChannelPausedError, SyncAlreadyRunningError
from entrypoints.bootstrap import Services
from entrypoints.store_recovery import recover_from

log = logging.getLogger(__name__)

DEFAULT_CONCURRENCY = 4
STOP_GRACE_SECONDS = 3.0
BACKOFF_SECONDS = 2.0
"""The pause after a first failed sync of a channel; it doubles with each failure in a row."""
BACKOFF_CAP_SECONDS = 300.0


class SyncScheduler:
    """Syncs every channel that has ``sync_interval_seconds`` when its interval has passed, unless
    it is paused."""

    def __init__(
        self, services: Services, tick_seconds: float = 1.0, concurrency: int = DEFAULT_CONCURRENCY
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self._services, self._tick, self._concurrency = services, tick_seconds, concurrency
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._running: dict[str, threading.Thread] = {}
        self._lock = threading.Lock()
        self._failures: dict[str, int] = {}
        self._retry_at: dict[str, float] = {}
        self._waiting_for: str | None = None

    def due(self) -> list[str]:
        now = self._services.clock.now()
        names = []
        for channel in self._services.channels.list():
            interval = channel.sync_interval_seconds
            if interval is None or channel.paused:
                continue
            last = channel.last_sync_at
            if last is None or now - last >= timedelta(seconds=interval):
                names.append(channel.name)
        return names

    def run_due(self) -> list[threading.Thread]:
        """Start a sync of each due channel not syncing here yet, within the concurrency; returns
        the threads started."""
        started = []
        with self._lock:
            self._running = {name: t for name, t in self._running.items() if t.is_alive()}
            for name in self.due():
                if self._stop.is_set() or len(self._running) >= self._concurrency:
                    break
                if name in self._running or self._retry_at.get(name, 0.0) > time.monotonic():
                    continue
                thread = threading.Thread(target=self._sync, args=(name,), name=f"sync-{name}", daemon=True)
                self._running[name] = thread
                thread.start()
                started.append(thread)
        return started

    def running(self) -> list[str]:
        with self._lock:
            return sorted(name for name, thread in self._running.items() if thread.is_alive())

    def backoff(self, name: str) -> float:
        """Seconds until the next try of a channel whose syncs failed (0 when none did)."""
        with self._lock:
            return max(0.0, self._retry_at.get(name, 0.0) - time.monotonic())

    def _sync(self, name: str) -> None:
        try:
            summary = self._services.sync(name)
        except SyncAlreadyRunningError:
            return  # another process or a request is syncing it right now
        except ChannelPausedError:
            return  # paused since it was found due
        except ChannelNotFoundError:
            return  # removed since it was found due
        except Exception as exc:
            self._failed(name, exc)
            return
        with self._lock:
            self._failures.pop(name, None)
            self._retry_at.pop(name, None)
        log.info("scheduled sync of %s: %s", name, summary.model_dump())

    def _failed(self, name: str, exc: Exception) -> None:
        with self._lock:
            failures = self._failures[name] = self._failures.get(name, 0) + 1
            pause = min(BACKOFF_CAP_SECONDS, BACKOFF_SECONDS * 2 ** (failures - 1))
            self._retry_at[name] = time.monotonic() + pause
        reason = recover_from(self._services, exc)
        if reason is not None:
            log.warning(
                "scheduled sync of %s failed (%d in a row): the store is unavailable: %s; next try in %.0fs",
                name,
                failures,
                reason,
                pause,
            )
        else:
            log.error("scheduled sync of %s failed; next try in %.0fs", name, pause, exc_info=exc)

    def _loop(self) -> None:
        while not self._stop.wait(self._tick):
            try:
                self.run_due()
                self._waiting_for = None
            except Exception as exc:
                reason = recover_from(self._services, exc)
                if reason is None:
                    log.exception("scheduler")
                elif reason != self._waiting_for:  # once per outage, not at every tick
                    log.warning("scheduled syncs wait for the store: %s", reason)
                self._waiting_for = reason

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="sync-scheduler", daemon=True)
        self._thread.start()

    def stop(self, grace_seconds: float = STOP_GRACE_SECONDS) -> list[str]:
        """Start nothing more and wait up to ``grace_seconds`` for running syncs; returns the
        channels whose syncs were still running (abandoned)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self._tick + 1)
        with self._lock:
            running = dict(self._running)
        deadline = time.monotonic() + grace_seconds
        for thread in running.values():
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
        abandoned = sorted(name for name, thread in running.items() if thread.is_alive())
        if abandoned:
            log.warning("stopping with syncs still running, abandoned: %s", ", ".join(abandoned))
        return abandoned
