"""Process-wide Python settings for orderhub's workload, applied by the composition root.

Importing a page of orders or answering a request allocates many short-lived objects (pydantic
models, dicts) that reference counting frees; with the default threshold (700 allocations) the
cyclic garbage collector still ran every few orders and scanned the generations each time, about a
fifth of an import's CPU. A threshold of 20,000 keeps collecting cycles, far less often.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import threading
import time

GC_THRESHOLD = 20_000


def tune_garbage_collector() -> None:
    """Raise the first-generation threshold, unless the process chose a higher one already."""
    first, *older = gc.get_threshold()
    if first < GC_THRESHOLD:
        gc.set_threshold(GC_THRESHOLD, *older)


def exit_without_stuck_threads(code: int, grace_seconds: float) -> None:
    """End a stopping process although a thread it cannot interrupt still runs (a request's sync
    waiting for a channel that does not answer): the interpreter would wait for it at exit. Call it
    only after the process cleaned up (leases given up, stores closed); what such a thread would
    still write is safe to lose, since imports are exactly-once and a sync resumes from its page."""
    deadline = time.monotonic() + grace_seconds
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and not thread.daemon:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
    stuck = [t.name for t in threading.enumerate() if t.is_alive() and not t.daemon]
    stuck = [name for name in stuck if name != threading.current_thread().name]
    if not stuck:
        return
    logging.getLogger(__name__).warning("stopping without waiting for: %s", ", ".join(stuck))
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
