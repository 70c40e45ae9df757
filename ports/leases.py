"""The sync lease: one sync of a channel at a time across processes.

A lease is held for a short lifetime and renewed while its sync runs, so a process that dies
(SIGKILL, power loss) blocks its channels only until the lifetime runs out; a process that stops
in order releases its leases at once. Correctness never rests on the lease alone: imports collide
on deterministic ids, so two syncs of one channel at once still import every order once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class SyncLeases(Protocol):
    def try_lease(self, name: str, owner: str, now: datetime, seconds: float) -> bool:
        """Take or renew channel ``name``'s lease until ``now + seconds``; False while another owner
        holds an unexpired one."""
        ...

    def release(self, name: str, owner: str) -> None:
        """Give the lease up, if ``owner`` still holds it."""
        ...
