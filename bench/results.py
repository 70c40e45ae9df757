"""Rows of the benchmark table: several runs of a figure, a baseline from the same run, and a target.

The median counts. A ratio is taken per run (figure / baseline measured right beside it), so it
holds on a slower or busier machine where absolute figures drift; its median is reported.
"""

from __future__ import annotations

import json
import operator
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

OPS = {">=": operator.ge, "<=": operator.le, "<": operator.lt, ">": operator.gt}


@dataclass(frozen=True)
class Target:
    op: str
    bound: float
    on: str = "value"  # or "ratio"

    def met(self, value: float | None, ratio: float | None) -> bool:
        subject = ratio if self.on == "ratio" else value
        return subject is not None and OPS[self.op](subject, self.bound)

    def __str__(self) -> str:
        return f"{'ratio ' if self.on == 'ratio' else ''}{self.op} {self.bound:g}"


@dataclass
class Row:
    name: str
    unit: str
    targets: tuple[Target, ...]
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
    def ratio(self) -> float | None:
        pairs = [v / b for v, b in zip(self.values, self.baselines, strict=False) if b]
        return statistics.median(pairs) if pairs else None

    @property
    def ok(self) -> bool:
        return self.skipped is None and all(t.met(self.value, self.ratio) for t in self.targets)

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": _round(self.value),
            "unit": self.unit,
            "baseline": _round(self.baseline),
            "ratio": _round(self.ratio, 3),
            "target": " and ".join(str(t) for t in self.targets),
            "ok": self.ok,
            "min": _round(min(self.values)) if self.values else None,
            "median": _round(self.value),
            "max": _round(max(self.values)) if self.values else None,
            "runs": len(self.values),
            "note": self.note if self.skipped is None else f"skipped: {self.skipped}",
        }


def _round(value: float | None, places: int = 2) -> float | None:
    return None if value is None else round(value, places)


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"


def table(rows: Sequence[Row]) -> str:
    head = ("name", "median", "min", "max", "unit", "baseline", "ratio", "target", "ok")
    lines = [head]
    for row in rows:
        data = row.as_json()
        lines.append(
            (
                row.name,
                _fmt(row.value),
                _fmt(data["min"]),
                _fmt(data["max"]),
                row.unit,
                _fmt(row.baseline),
                "-" if row.ratio is None else f"{row.ratio:.2f}",
                data["target"],
                "skip" if row.skipped else ("yes" if row.ok else "NO"),
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    text = ["  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)) for line in lines]
    text.insert(1, "  ".join("-" * w for w in widths))
    notes = [f"  {r.name}: {r.as_json()['note']}" for r in rows if r.note or r.skipped]
    return "\n".join(text + (["", "notes:", *notes] if notes else []))


def write_json(rows: Sequence[Row], path: Path, machine: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([r.as_json() for r in rows], indent=2) + "\n")
    path.with_name(path.stem + ".machine.json").write_text(json.dumps(machine, indent=2) + "\n")
