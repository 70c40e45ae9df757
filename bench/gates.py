"""Each figure's gate (what ``make bench`` requires) and moonshot (where it could go), in one place.

Speed is gated by ratios against a baseline measured in the same run (see results.py), so a gate
holds on any machine; memory stays an absolute bound. A gate with a "measured" comment is 20 % below
the lowest median ratio measured when it was introduced (on a loaded machine: docs/benchmarks.md
says which to re-measure on a quiet one, and how each moonshot was set).
"""

from __future__ import annotations

from typing import Any

from bench.results import Row, Target


def _ratio(gate: float, moonshot: float) -> tuple[Target, Target]:
    return Target(">=", gate, "ratio"), Target(">=", moonshot, "ratio")


GATES: dict[str, tuple[Target, Target | None]] = {
    "import_orders_per_s": _ratio(0.45, 0.8),
    "import_orders_per_s_postgres": _ratio(0.28, 0.8),  # measured 0.35-0.40
    "first_sync_orders_per_s": _ratio(0.13, 0.3),  # measured 0.17-0.18
    "unchanged_resync_orders_per_s": _ratio(0.3, 0.75),  # measured 0.37-0.47
    "rebuild_events_per_s": _ratio(0.2, 0.5),
    "api_get_order_rps": _ratio(0.55, 0.8),
    "api_get_order_p99_ms": _ratio(0.12, 0.5),  # measured 0.15-1.37
    "api_post_order_rps": _ratio(0.3, 0.5),  # measured 0.37-0.40
    "aggregate_load_ratio": (Target("<=", 2.0), None),
    "server_rss_mb_100k": (Target("<", 300), None),
    "order_list_p95_ms_1m": _ratio(0.36, 0.8),  # measured 0.45-0.50
    # Against the same workload without sealing personal data: a cost of at most 15 % (1 / 1.15).
    "import_with_sealing_per_s": _ratio(0.87, 0.95),
    "rebuild_with_sealing_per_s": _ratio(0.87, 0.95),
    "order_search_p95_ms_1m": _ratio(0.5, 0.8),
    "console_page_p95_ms_1m": (Target("<", 100), None),  # CONSOLE.md: each page in p95 < 100 ms
    "console_orders_p95_api_ratio_1m": _ratio(0.7, 0.95),  # measured 0.88-0.89
}


def gated(name: str, unit: str, **fields: Any) -> Row:
    """A row with the gate and moonshot GATES gives its name."""
    gate, moonshot = GATES[name]
    return Row(name, unit, gate, moonshot, **fields)
