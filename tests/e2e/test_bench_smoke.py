"""``make bench-smoke`` keeps the benchmark suite from rotting: every benchmark runs at a tiny size
in a subprocess and produces its row, with a baseline and a ratio wherever its gate is a ratio.
Whether gates are met is for ``make bench``, not for tests: tiny sizes say nothing about speed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ROWS = [
    "import_orders_per_s",
    "import_orders_per_s_postgres",
    "first_sync_orders_per_s",
    "unchanged_resync_orders_per_s",
    "rebuild_events_per_s",
    "api_get_order_rps",
    "api_get_order_p99_ms",
    "api_post_order_rps",
    "aggregate_load_ratio",
    "server_rss_mb_100k",
    "order_list_p95_ms_1m",
    "import_with_sealing_per_s",
    "rebuild_with_sealing_per_s",
    "order_search_p95_ms_1m",
    "console_page_p95_ms_1m",
    "console_orders_p95_api_ratio_1m",
]
FIELDS = {"name", "value", "unit", "baseline", "ratio", "target", "ok", "min", "median", "max"}
FIELDS |= {"gate", "moonshot", "gap", "moonshot_met"}
ABSOLUTE = {"aggregate_load_ratio", "server_rss_mb_100k"}  # memory, and a ratio of two loads already
ABSOLUTE.add("console_page_p95_ms_1m")  # CONSOLE.md's own bound


@pytest.mark.slow
def test_every_benchmark_runs_at_smoke_size_and_reports_its_row(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    rows = json.loads(out.read_text())
    assert [row["name"] for row in rows] == ROWS
    for row in rows:
        assert row.keys() >= FIELDS, row
        if row["note"].startswith("skipped:"):  # PostgreSQL may be absent
            continue
        assert isinstance(row["value"], int | float) and row["value"] > 0, row
        if row["name"] in ABSOLUTE:
            assert not row["gate"].startswith("ratio"), row
            continue
        assert row["gate"].startswith("ratio >="), row
        assert row["baseline"] > 0 and row["ratio"] > 0, row
        assert row["moonshot"].startswith("ratio >=") and row["gap"] > 0, row
    assert "median" in done.stdout and "moonshot" in done.stdout  # the table was printed
    assert "every ratio measured" in done.stdout
