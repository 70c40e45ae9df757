"""``python -m bench [--smoke] [--only NAME[,NAME...]] [--repeat N] [--out PATH]``: run the benchmarks.

Prints a table (median, min, max, baseline, ratio, gate, met?, moonshot, gap) and writes a JSON list
of rows to var/bench.json (var/bench-smoke.json with --smoke). Exits 0 when every gate holds; with
--smoke, when every ratio was measured (tiny sizes say nothing about speed). See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
import time
from pathlib import Path

from bench.context import ROOT, Context
from bench.machine import describe
from bench.report import exit_code, table, verdict, write_json
from bench.results import Row

GROUPS: dict[str, tuple[str, ...]] = {
    "bench.import_orders": ("import_orders_per_s", "import_orders_per_s_postgres"),
    "bench.ebay_sync": ("first_sync_orders_per_s", "unchanged_resync_orders_per_s"),
    "bench.rebuild": ("rebuild_events_per_s",),
    "bench.api_requests": ("api_get_order_rps", "api_get_order_p99_ms", "api_post_order_rps"),
    "bench.aggregate_load": ("aggregate_load_ratio",),
    "bench.server_rss": ("server_rss_mb_100k",),
    "bench.order_list": ("order_list_p95_ms_1m",),
    "bench.privacy_cost": ("import_with_sealing_per_s", "rebuild_with_sealing_per_s"),
    "bench.order_search": ("order_search_p95_ms_1m",),
    "bench.console_pages": ("console_page_p95_ms_1m", "console_orders_p95_api_ratio_1m"),
}
ROW_NAMES = [name for names in GROUPS.values() for name in names]


def chosen_groups(only: str | None) -> list[str]:
    if not only:
        return list(GROUPS)
    wanted = {w.strip() for w in only.split(",") if w.strip()}
    unknown = wanted - set(ROW_NAMES) - {g.rsplit(".", 1)[1] for g in GROUPS}
    if unknown:
        raise SystemExit(f"unknown benchmark {sorted(unknown)}; known: {', '.join(ROW_NAMES)}")
    return [g for g, names in GROUPS.items() if wanted & {*names, g.rsplit(".", 1)[1]}]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="every benchmark at a tiny size, once")
    parser.add_argument("--only", help="comma-separated row or module names, e.g. import_orders_per_s")
    parser.add_argument("--repeat", type=int, help="runs per benchmark (default 5; 1 with --smoke)")
    parser.add_argument("--out", type=Path, help="JSON output (default var/bench.json)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    ctx = Context(smoke=args.smoke, repeat=args.repeat or (1 if args.smoke else 5))
    out = args.out or ROOT / "var" / ("bench-smoke.json" if args.smoke else "bench.json")
    machine = describe()
    print(
        f"orderhub benchmarks ({'smoke' if args.smoke else 'full'}, {ctx.repeat} run(s) each) on {machine['summary']}"
    )
    rows: list[Row] = []
    for group in chosen_groups(args.only):
        started = time.monotonic()
        print(f"-- {group.rsplit('.', 1)[1]} ...", flush=True)
        rows += importlib.import_module(group).run(ctx)
        print(f"   done in {time.monotonic() - started:.0f} s", flush=True)
    rows.sort(key=lambda r: ROW_NAMES.index(r.name) if r.name in ROW_NAMES else len(ROW_NAMES))
    print()
    print(table(rows))
    write_json(rows, out, machine)
    print(f"\n{verdict(rows, args.smoke)}; written: {out}")
    return exit_code(rows, args.smoke)


if __name__ == "__main__":
    sys.exit(main())
