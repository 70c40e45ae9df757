"""Faults the eBay simulator can be told to produce for its next calls, and its daily call budget."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

KINDS = frozenset(
    {"429", "500", "503", "401", "html", "garbage", "timeout", "drip", "huge", "gzip-bomb", "deep-json"}
)
"""429: 2001 rate limit · 500: 30500 system error · 503: an HTML gateway page · 401: 1001 invalid token ·
html: 200 with an HTML page · garbage: 200 with broken JSON · timeout: answer only after ``seconds`` ·
drip: an empty page, one byte every ``seconds`` · huge: an empty page padded to ``size`` bytes ·
gzip-bomb: the same, gzip-compressed · deep-json: ``size`` nested arrays (simulators/hostile.py)."""
TARGETS = ("api", "write", "token", "notification", "any")
"""What a fault spoils: the Fulfillment API, its POST calls only, the OAuth endpoint, the
Notification API's public-key call, or every call."""
BAD_BYTE_MARK = "<not-utf-8>"
"""Text in a stored order that getOrders sends as one byte that is not UTF-8 (``spoil_text``)."""


@dataclass
class Fault:
    kind: str
    remaining: int | None
    """Calls left to spoil; None: every call until ``clear``."""
    target: str
    """One of ``TARGETS``."""
    seconds: float = 3.0
    size: int = 0


@dataclass
class Faults:
    queue: list[Fault] = field(default_factory=list)
    call_limit_per_day: int | None = None
    """Like eBay's daily quota: API calls beyond it in one (simulated) day get 429/2001."""
    calls_per_day: dict[date, int] = field(default_factory=dict)

    def inject(
        self, kind: str, *, times: int | None = 1, target: str = "api", seconds: float = 3.0, size: int = 0
    ) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown fault {kind!r}; one of {sorted(KINDS)}")
        if target not in TARGETS:
            raise ValueError(f"target must be one of {', '.join(TARGETS)}")
        self.queue.append(Fault(kind, times, target, seconds, size))

    def clear(self) -> None:
        self.queue.clear()

    def take(self, target: str) -> Fault | None:
        """The fault for this call, if any (the oldest injected one that applies)."""
        applies = {target, "any"} | ({"api"} if target == "write" else set())
        for fault in self.queue:
            if fault.target in applies:
                if fault.remaining is not None:
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self.queue.remove(fault)
                return fault
        return None

    def over_budget(self, day: date) -> bool:
        self.calls_per_day[day] = self.calls_per_day.get(day, 0) + 1
        return self.call_limit_per_day is not None and self.calls_per_day[day] > self.call_limit_per_day
