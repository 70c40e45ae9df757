"""Client-side pacing: one token bucket per SP-API operation and a per-sync wait budget.

Waiting uses only ``context.sleep`` and ``context.clock`` (tests pass fakes). When the next wait
would push the sync past ``max_wait_seconds`` the sync stops with ``RateBudgetSpentError`` (a
``RetryableChannelError``): what was imported stays and the next sync resumes from the checkpoint.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from adapters.channels.amazon.token_bucket import TokenBucket
from ports.channels import RetryableChannelError

# Amazon's default usage plans (requests per second, burst): the models of Orders v2026-01-01
# (searchOrders, getOrder) and v0 (confirmShipment).
DEFAULT_PLANS: dict[str, tuple[float, int]] = {
    "searchOrders": (0.0056, 20),
    "getOrder": (0.5, 30),
    "confirmShipment": (2.0, 10),
}


class RateBudgetSpentError(RetryableChannelError):
    """Waiting for Amazon's rate limits would exceed this sync's budget."""


class RatePacer:
    def __init__(self, clock: Any, sleep: Callable[[float], Any], max_wait_seconds: float) -> None:
        self._clock, self._sleep = clock, sleep
        self.max_wait_seconds = max_wait_seconds
        self.waited_seconds = 0.0
        self._buckets: dict[str, TokenBucket] = {}

    def bucket(self, operation: str) -> TokenBucket:
        if operation not in self._buckets:
            rate, burst = DEFAULT_PLANS.get(operation, (0.5, 10))
            self._buckets[operation] = TokenBucket.full(rate, burst, self._clock.now())
        return self._buckets[operation]

    def acquire(self, operation: str) -> None:
        """Spend one token of ``operation``, waiting for it if the bucket is empty."""
        bucket = self.bucket(operation)
        now = self._clock.now()
        if bucket.try_take(now):
            return
        wait = bucket.wait_seconds(now)
        self.wait(wait, f"{operation} rate limit ({bucket.rate:g}/s)")
        bucket.take_after_wait(now, wait)

    def wait(self, seconds: float, why: str) -> None:
        """Sleep ``seconds`` if the budget allows it; otherwise stop the sync (retryable)."""
        if self.waited_seconds + seconds > self.max_wait_seconds:
            raise RateBudgetSpentError(
                f"rate-limit budget spent: waiting another {seconds:.0f} s for {why} would exceed "
                f"max_wait_seconds={self.max_wait_seconds:g} for this sync "
                f"(waited {self.waited_seconds:.0f} s); the next sync resumes where this one stopped"
            )
        self.waited_seconds += seconds
        self._sleep(seconds)

    def refused(self, operation: str) -> None:
        """Amazon answered 429: our bucket was optimistic."""
        self.bucket(operation).drain(self._clock.now())

    def adapt(self, operation: str, header: str | None) -> None:
        """Follow ``x-amzn-RateLimit-Limit`` (the account's actual rate) when Amazon sends it."""
        if header:
            with contextlib.suppress(ValueError):
                self.bucket(operation).set_rate(float(header))
