"""Order-list latency on an existing store: ``python -m bench.read_models_latency --db var/bench-rm.db``."""

from __future__ import annotations

import argparse
import time

from adapters.channels.registry import KindRegistry
from bench.read_models_bench import query_latencies
from entrypoints.bootstrap import bootstrap


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="var/bench-rm.db")
    args = parser.parse_args()
    services = bootstrap(f"sqlite:///{args.db}", kinds=KindRegistry())
    services.queries.catch_up()
    for name, p95 in query_latencies(services).items():
        print(f"GET /orders {name:<40} p95 {p95:6.1f} ms", flush=True)
    report = services.extras["sales_report"]
    for group_by in ("channel", "day", "status"):
        started = time.perf_counter()
        rows = report.sales(None, None, group_by)
        print(
            f"GET /reports/sales?group_by={group_by:<8} {len(rows):>4} rows {1000 * (time.perf_counter() - started):7.1f} ms"
        )
    services.close()


if __name__ == "__main__":
    main()
