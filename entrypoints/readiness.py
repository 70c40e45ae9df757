"""Is this process ready to take requests? (``GET /health/ready``; ``/health/live`` only says it runs.)

Ready means: the store takes a write (reachable, writable, not locked, its tables there) and the
projections follow the event log (none stopped at a failed event; the thread that follows them
runs, where this process runs one). A load balancer takes an unready process out of rotation; an
orchestrator restarts a process only when it is not live.
"""

from __future__ import annotations

from typing import Protocol

from entrypoints.bootstrap import Services
from entrypoints.store_recovery import recover_from

PROBE_LEASE = ""
"""A lease name no channel can have: deleting it writes nothing, yet needs a writable store."""


class Follower(Protocol):
    def problem(self) -> str | None: ...


def store_problem(services: Services) -> str | None:
    try:
        services.projections.head()  # the event log is there
        with services.db.transaction() as tx:
            tx.execute("DELETE FROM orderhub_sync_leases WHERE name = ?", (PROBE_LEASE,))
    except Exception as exc:
        reason = recover_from(services, exc)
        if reason is None:
            raise
        return reason
    return None


def projections_problem(services: Services, follower: Follower | None) -> str | None:
    stopped = [row for row in services.projections.status() if row["error"]]
    if stopped:
        return "; ".join(f"projection {row['name']} is stopped: {row['error']}" for row in stopped)
    return follower.problem() if follower is not None else None


def readiness(services: Services, follower: Follower | None) -> dict[str, str]:
    """Each part's state: ``ok``, or what is wrong (the projections are not checked while the store
    is unavailable: they read from it)."""
    store = store_problem(services)
    checks = {"store": store or "ok"}
    checks["projections"] = (
        "unknown: the store is unavailable" if store else (projections_problem(services, follower) or "ok")
    )
    return checks
