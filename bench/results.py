"""Rows of the benchmark table: several runs of a figure, a baseline from the same run, a gate, a moonshot.

The median counts. A ratio is taken per run against a baseline measured right beside it, so it
holds on a slower or busier machine where absolute figures drift; its median is reported. Every
ratio reads as "the share of the baseline's speed orderhub reaches" (higher is better, 1.0 = as
fast as the baseline): figure / baseline for rates, baseline / figure for times.
"""

from __future__ import annotations

import operator
import statistics
from dataclasses import dataclass, field
from typing import Any

OPS = {">=": operator.ge, "<=": operator.le, "<": operator.lt, ">": operator.gt}


@dataclass(frozen=True)
class Target:
    op: str
    bound: float
    on: str = "value"  # or "ratio"

    def subject(self, value: float | None, ratio: float | None) -> float | None:
        return ratio if self.on == "ratio" else value

    def met(self, value: float | None, ratio: float | None) -> bool:
        subject = self.subject(value, ratio)
        return subject is not None and OPS[self.op](subject, self.bound)

    def gap(self, value: float | None, ratio: float | None) -> float | None:
        """By what factor the figure must still improve to meet this target (at most 1 once met)."""
        subject = self.subject(value, ratio)
        if subject is None or subject <= 0 or self.bound <= 0:
            return None
        return self.bound / subject if self.op in (">=", ">") else subject / self.bound

    def __str__(self) -> str:
        return f"{'ratio ' if self.on == 'ratio' else ''}{self.op} {self.bound:g}"


@dataclass
class Row:
    name: str
    unit: str
    gate: Target
    moonshot: Target | None = None
    values: list[float] = field(default_factory=list)
    baselines: list[float] = field(default_factory=list)
    note: str = ""
    skipped: str | None = None
    higher_is_better: bool = True

    def add(self, value: float, baseline: float | None = None) -> None:
        self.values.append(value)
        if baseline is not None:
            self.baselines.append(baseline)

    @property
    def value(self) -> float | None:
        return statistics.median(self.values) if self.values else None

    @property
    def baseline(self) -> float | None:
        return statistics.median(self.baselines) if self.baselines else None

    @property
    def ratios(self) -> list[float]:
        """One ratio per run, against the baseline measured beside it."""
        return [
            (v / b if self.higher_is_better else b / v)
            for v, b in zip(self.values, self.baselines, strict=False)
            if v > 0 and b > 0
        ]

    @property
    def ratio(self) -> float | None:
        ratios = self.ratios
        return statistics.median(ratios) if ratios else None

    @property
    def ok(self) -> bool:
        return self.skipped is None and self.gate.met(self.value, self.ratio)

    @property
    def gap(self) -> float | None:
        """How far from the moonshot: the factor still to go (at most 1 once reached)."""
        return self.moonshot.gap(self.value, self.ratio) if self.moonshot and not self.skipped else None

    @property
    def ratio_missing(self) -> bool:
        """A ratio gate without a ratio: the baseline was not measured (or measured nothing)."""
        return self.skipped is None and self.gate.on == "ratio" and self.ratio is None

    def as_json(self) -> dict[str, Any]:
        gap = self.gap
        return {
            "name": self.name,
            "value": _round(self.value),
            "unit": self.unit,
            "baseline": _round(self.baseline),
            "ratio": _round(self.ratio, 3),
            "ratios": [round(r, 3) for r in self.ratios],
            "target": str(self.gate),
            "gate": str(self.gate),
            "ok": self.ok,
            "moonshot": None if self.moonshot is None else str(self.moonshot),
            "gap": _round(gap, 3),
            "moonshot_met": None if gap is None else gap <= 1,
            "min": _round(min(self.values)) if self.values else None,
            "median": _round(self.value),
            "max": _round(max(self.values)) if self.values else None,
            "runs": len(self.values),
            "note": self.note if self.skipped is None else f"skipped: {self.skipped}",
        }


def _round(value: float | None, places: int = 2) -> float | None:
    return None if value is None else round(value, places)
