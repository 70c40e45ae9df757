"""``orderhub worker``: scheduled channel syncs and projections, without the HTTP API.

Run one (or a few) beside API processes started with ``orderhub serve --no-background``. Several
workers may run at once: a channel is synced by one process at a time (the sync lease), and an
order is imported exactly once even without that lease (deterministic ids).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType

from entrypoints.background import Background
from entrypoints.bootstrap import Services
from entrypoints.scheduler import DEFAULT_CONCURRENCY


def run_worker(
    services: Services,
    stop: threading.Event,
    announce: Callable[[str], None],
    *,
    sync_concurrency: int = DEFAULT_CONCURRENCY,
) -> None:
    """Run background work until ``stop`` is set (SIGTERM and SIGINT set it)."""

    def request_stop(signum: int, _frame: FrameType | None) -> None:
        stop.set()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
    background = Background(services, sync_concurrency=sync_concurrency).start()
    how = "LISTEN/NOTIFY" if background.listens else "polling"
    announce(f"orderhub worker: scheduled syncs and projections ({how}); stop with Ctrl-C or SIGTERM")
    try:
        stop.wait()
    finally:
        background.stop()
