"""Background work inside a server or worker: scheduled channel syncs."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from application.errors import SyncAlreadyRunningError
from entrypoints.bootstrap import Services

log = logging.getLogger(__name__)


class SyncScheduler:
    """Syncs every channel that has ``sync_interval_seconds`` when its interval has passed."""

    def __init__(self, services: Services, tick_seconds: float = 1.0) -> None:
        self._services, self._tick = services, tick_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def due(self) -> list[str]:
        now = self._services.clock.now()
        names = []
        for channel in self._services.channels.list():
            interval = channel.sync_interval_seconds
            if interval is None:
                continue
            last = channel.last_sync_at
            if last is None or now - last >= timedelta(seconds=interval):
                names.append(channel.name)
        return names

    def run_due(self) -> None:
        for name in self.due():
            try:
                summary = self._services.sync(name)
                log.info("scheduled sync of %s: %s", name, summary.model_dump())
            except SyncAlreadyRunningError:
                pass  # another process or a request is syncing it right now
            except Exception:
                log.exception("scheduled sync of %s failed", name)

    def _loop(self) -> None:
        while not self._stop.wait(self._tick):
            try:
                self.run_due()
            except Exception:
                log.exception("scheduler")

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="sync-scheduler", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
