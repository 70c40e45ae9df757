"""What a benchmark run says: the table on stdout, var/bench.json, and the exit code of ``make bench``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.results import Row


def exit_code(rows: Sequence[Row], smoke: bool) -> int:
    """0 when every gate holds (skipped rows aside). A smoke run is too small to judge speed, so it
    only checks that every ratio gate got its ratio: that each baseline was measured."""
    if smoke:
        return 1 if any(r.ratio_missing for r in rows) else 0
    return 0 if all(r.ok or r.skipped for r in rows) else 1


def verdict(rows: Sequence[Row], smoke: bool) -> str:
    missing = [r.name for r in rows if r.ratio_missing]
    if smoke:
        return f"smoke: no ratio for {', '.join(missing)}" if missing else "smoke: every ratio measured"
    failed = [r.name for r in rows if not (r.ok or r.skipped)]
    return f"gates missed: {', '.join(failed)}" if failed else "every gate holds"


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"


def _gap(row: Row) -> str:
    gap = row.gap
    if gap is None:
        return "-"
    return "reached" if gap <= 1 else f"x{gap:.2f} to go"


def table(rows: Sequence[Row]) -> str:
    head = ("name", "median", "min", "max", "unit", "baseline", "ratio", "gate", "ok", "moonshot", "gap")
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
                data["gate"],
                "skip" if row.skipped else ("yes" if row.ok else "NO"),
                data["moonshot"] or "-",
                _gap(row),
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
