"""A token bucket (rate per second, burst), driven by times passed in: shared by client and simulator.

Amazon's usage plans are token buckets per operation: tokens refill at ``rate`` up to ``burst``,
each call spends one, an empty bucket answers 429. The client keeps its own estimate to wait
instead of being refused; the simulator keeps the authoritative one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass
class TokenBucket:
    rate: float
    """Tokens per second."""
    burst: int
    tokens: float
    at: datetime
    """The time ``tokens`` refers to (may lie ahead of the clock after a virtual wait)."""

    @classmethod
    def full(cls, rate: float, burst: int, now: datetime) -> TokenBucket:
        return cls(rate=rate, burst=burst, tokens=float(burst), at=now)

    def _refill(self, now: datetime) -> None:
        elapsed = (now - self.at).total_seconds()
        if elapsed > 0:
            self.tokens = min(float(self.burst), self.tokens + elapsed * self.rate)
            self.at = now

    def try_take(self, now: datetime) -> bool:
        """Spend one token if there is one."""
        self._refill(now)
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False

    def wait_seconds(self, now: datetime) -> float:
        """How long until one token is available (0 when one is there now)."""
        self._refill(max(now, self.at))
        missing = max(0.0, 1 - self.tokens)
        return missing / self.rate if self.rate > 0 else float("inf")

    def take_after_wait(self, now: datetime, waited: float) -> None:
        """Spend the token the caller waited ``waited`` seconds for (from ``now``, or from our
        own timeline when that is ahead: a fake sleep need not move the clock)."""
        self._refill(max(now, self.at) + timedelta(seconds=waited))
        self.tokens = max(0.0, self.tokens - 1)

    def drain(self, now: datetime) -> None:
        """The server said 429: our estimate was too generous, start from empty."""
        self._refill(now)
        self.tokens = 0.0

    def set_rate(self, rate: float) -> None:
        if rate > 0:
            self.rate = rate
