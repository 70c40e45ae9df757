"""The benchmark's verdict: ratios against same-run baselines, gates, moonshots and the exit code."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest

import bench.__main__ as bench_main
from bench.context import Context
from bench.gates import GATES, gated
from bench.report import exit_code, table
from bench.results import Row, Target

RATIO_GATE = Target(">=", 0.5, "ratio")


@pytest.fixture(autouse=True)
def _environment_left_as_found(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bench's Context sets ORDERHUB_SECRET_KEY for its own processes: here it must not outlive
    the test (a later test of this worker would seal secrets under it)."""
    monkeypatch.setenv("ORDERHUB_SECRET_KEY", "dGhlLWJlbmNoLWdhdGUtdGVzdHMtc2VjcmV0LWtleSE=")
    monkeypatch.delenv("ORDERHUB_SECRET_KEY")


def rate_row(values: list[float], baselines: list[float], gate: Target = RATIO_GATE) -> Row:
    row = Row("some_rate", "orders/s", gate, Target(">=", 0.8, "ratio"))
    for value, baseline in zip(values, baselines, strict=True):
        row.add(value, baseline)
    return row


def test_a_ratio_is_the_median_of_each_run_against_the_baseline_measured_beside_it() -> None:
    row = rate_row([100, 300, 200], [400, 400, 250])
    assert row.ratios == pytest.approx([0.25, 0.75, 0.8])
    assert row.ratio == pytest.approx(0.75)
    assert row.value == 200 and row.baseline == 400


def test_a_time_is_turned_into_a_share_of_the_baseline_speed() -> None:
    row = Row("some_p99_ms", "ms", RATIO_GATE, higher_is_better=False)
    row.add(8.0, 2.0)  # four times the baseline's latency: a quarter of its speed
    assert row.ratio == pytest.approx(0.25)
    assert not row.ok


def test_a_ratio_gate_holds_on_the_ratio_whatever_the_absolute_figures() -> None:
    slow_machine, fast_machine = rate_row([60], [100]), rate_row([6000], [10000])
    assert slow_machine.ok and fast_machine.ok
    assert not rate_row([40], [100]).ok


def test_a_missing_baseline_leaves_a_ratio_gate_unmet_and_is_reported() -> None:
    row = rate_row([], [])
    row.add(500.0)
    assert row.ratio is None and row.ratio_missing and not row.ok


def test_the_moonshot_gap_is_the_factor_still_to_go() -> None:
    row = rate_row([40], [100])  # ratio 0.4, moonshot 0.8
    assert row.gap == pytest.approx(2.0)
    data = row.as_json()
    assert data["moonshot"] == "ratio >= 0.8" and data["gap"] == 2.0 and data["moonshot_met"] is False
    reached = rate_row([90], [100])
    assert reached.gap is not None and reached.gap < 1 and reached.as_json()["moonshot_met"] is True


def test_the_gap_to_an_upper_bound_is_the_figure_over_the_bound() -> None:
    assert Target("<", 300).gap(450.0, None) == pytest.approx(1.5)
    assert Target("<=", 2.0).gap(1.0, None) == pytest.approx(0.5)


def test_a_row_keeps_the_keys_it_had_and_gains_gate_moonshot_and_gap() -> None:
    data = rate_row([60], [100]).as_json()
    old = {"name", "value", "unit", "baseline", "ratio", "target", "ok", "min", "median", "max"}
    old |= {"runs", "note"}
    assert data.keys() >= old | {"gate", "moonshot", "gap", "moonshot_met"}
    assert data["target"] == data["gate"] == "ratio >= 0.5" and data["ok"] is True


def test_the_table_prints_each_moonshot_beside_its_gate_and_how_far_it_is() -> None:
    text = table([rate_row([40], [100]), rate_row([90], [100])])
    head = text.splitlines()[0].split()
    assert head[head.index("gate") :] == ["gate", "ok", "moonshot", "gap"]
    assert "x2.00 to go" in text and "reached" in text


def test_make_bench_fails_when_a_gate_is_missed_and_passes_when_every_gate_holds() -> None:
    held, missed = rate_row([60], [100]), rate_row([40], [100])
    assert exit_code([held], smoke=False) == 0
    assert exit_code([held, missed], smoke=False) == 1


def test_a_skipped_row_does_not_fail_the_run() -> None:
    skipped = rate_row([], [])
    skipped.skipped = "PostgreSQL not reachable"
    assert exit_code([rate_row([60], [100]), skipped], smoke=False) == 0


def test_a_smoke_run_does_not_judge_speed_but_fails_without_a_ratio() -> None:
    slow = rate_row([10], [100])
    no_baseline = rate_row([], [])
    no_baseline.add(10.0)
    assert exit_code([slow], smoke=True) == 0
    assert exit_code([slow, no_baseline], smoke=True) == 1


def test_every_benchmark_row_has_a_gate_and_every_speed_gate_is_a_ratio() -> None:
    assert set(GATES) == set(bench_main.ROW_NAMES)
    # memory; a ratio of two loads already; a bound the console's contract sets (CONSOLE.md)
    absolute = {"server_rss_mb_100k", "aggregate_load_ratio", "console_page_p95_ms_1m"}
    for name, (gate, moonshot) in GATES.items():
        assert (gate.on == "ratio") == (name not in absolute), name
        if moonshot is not None:
            assert moonshot.on == gate.on and moonshot.bound > gate.bound, name


def test_the_gates_the_issue_fixed() -> None:
    assert GATES["import_orders_per_s"] == (Target(">=", 0.45, "ratio"), Target(">=", 0.8, "ratio"))
    assert GATES["rebuild_events_per_s"] == (Target(">=", 0.2, "ratio"), Target(">=", 0.5, "ratio"))
    assert GATES["api_get_order_rps"] == (Target(">=", 0.55, "ratio"), Target(">=", 0.8, "ratio"))
    assert GATES["server_rss_mb_100k"][0] == Target("<", 300)


def _fake_benchmark(monkeypatch: pytest.MonkeyPatch, ratio: float) -> None:
    def run(ctx: Context) -> list[Row]:
        row = gated("import_orders_per_s", "orders/s")
        row.add(ratio * 1000, 1000)
        return [row]

    module = types.ModuleType("bench.fake_group")
    module.run = run  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "bench.fake_group", module)
    monkeypatch.setattr(bench_main, "GROUPS", {"bench.fake_group": ("import_orders_per_s",)})
    monkeypatch.setattr(bench_main, "ROW_NAMES", ["import_orders_per_s"])


@pytest.mark.parametrize(("ratio", "code"), [(0.5, 0), (0.4, 1)])
def test_python_m_bench_exits_by_the_gates(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    ratio: float,
    code: int,
) -> None:
    _fake_benchmark(monkeypatch, ratio)
    out = tmp_path / "bench.json"
    assert bench_main.main(["--repeat", "1", "--out", str(out)]) == code
    (row,) = json.loads(out.read_text())
    assert row["ratio"] == ratio and row["ok"] is (code == 0) and row["moonshot"] == "ratio >= 0.8"
    printed = capsys.readouterr().out
    assert ("every gate holds" if code == 0 else "gates missed: import_orders_per_s") in printed


def test_python_m_bench_smoke_passes_a_slow_run_that_measured_its_ratio(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _fake_benchmark(monkeypatch, 0.1)
    assert bench_main.main(["--smoke", "--out", str(tmp_path / "smoke.json")]) == 0
