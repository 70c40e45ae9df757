"""The numbering port: unique, human-readable sequence numbers."""

from __future__ import annotations

from typing import Protocol


class NumberSequence(Protocol):
    def next_numbers(self, name: str, count: int) -> list[int]:
        """``count`` fresh numbers of the named sequence, ascending; never handed out twice."""
        ...
