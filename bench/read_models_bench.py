"""Read-model speed on SQLite: rebuild rate against the raw read rate, and order-list latency.

    .venv/bin/python -m bench.read_models_bench --orders 200000 --db var/bench-rm.db [--repeat 3]

The store is filled once (bench/read_models_data.py) and reused by later runs with the same --db.
Prints medians of --repeat runs: events/s of reading the order events back (select_notifications
alone, and with the pydantic mapper), of rebuilding the order list, and list-query latencies.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from adapters.read_models import order_summary
from bench.read_models_data import fill
from entrypoints.bootstrap import Services, bootstrap

PAGE = 1000


def read_all(services: Services, decode: Callable[[object], object] | None) -> int:
    recorder, position, count = services.book.recorder, 0, 0
    while True:
        batch = recorder.select_notifications(
            start=position, limit=PAGE, topics=order_summary.TOPICS, inclusive_of_start=False
        )
        if not batch:
            return count
        if decode is not None:
            for notification in batch:
                decode(notification)
        count += len(batch)
        position = batch[-1].id


CPU = {"on": False}


def timed(action: Callable[[], object]) -> tuple[float, object]:
    """Wall-clock seconds, or this process's CPU seconds with --cpu (steadier on a shared machine)."""
    clock = time.process_time if CPU["on"] else time.perf_counter
    started = clock()
    result = action()
    return clock() - started, result


QUERIES: dict[str, dict[str, Any]] = {
    "first page, no filter": {},
    "status=paid": {"status": "paid"},
    "channel=ebay-de": {"channel": "ebay-de"},
    "channel=amazon-de&status=cancelled": {"channel": "amazon-de", "status": "cancelled"},
    "source=immediate": {"source": "immediate"},
    "created range (1 day)": {"created_from": "2025-03-01T00:00:00Z", "created_to": "2025-03-02T00:00:00Z"},
    "status=shipped, page 20": {"status": "shipped", "offset": 1000},
    "sort=-total": {"sort": "-total"},
    "source=ebay&status=paid (COUNT(*))": {"source": "ebay", "status": "paid"},
    "status=paid, offset 100000": {"status": "paid", "offset": 100_000},
}


def query_latencies(services: Services, rounds: int = 40) -> dict[str, float]:
    from ports.read_models import OrderFilter

    results = {}
    for name, params in QUERIES.items():
        query = OrderFilter.model_validate({"limit": 50, **params})
        samples = []
        for _ in range(rounds):
            seconds, _ = timed(lambda q=query: services.queries.list_orders(q))  # type: ignore[misc]
            samples.append(seconds * 1000)
        samples.sort()
        results[name] = samples[int(len(samples) * 0.95) - 1]
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=200_000)
    parser.add_argument("--db", default="var/bench-rm.db")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-rebuild", action="store_true")
    parser.add_argument("--cpu", action="store_true", help="CPU time of this process instead of wall time")
    args = parser.parse_args()
    CPU["on"] = args.cpu
    path = Path(args.db)
    fresh = not path.exists()
    services = bootstrap(f"sqlite:///{path}")
    if fresh:
        print(f"filling {path} with {args.orders} orders ...", flush=True)
        seconds, events = timed(lambda: fill(services.book, args.orders))
        print(f"filled: {events} events in {seconds:.0f} s")
    mapper = services.book.mapper
    raw, mapped, rebuilt = [], [], []
    for _ in range(args.repeat):
        seconds, count = timed(lambda: read_all(services, None))
        raw.append(int(count) / seconds)  # type: ignore[call-overload]
        seconds, count = timed(lambda: read_all(services, mapper.to_domain_event))  # type: ignore[arg-type]
        mapped.append(int(count) / seconds)  # type: ignore[call-overload]
        if not args.skip_rebuild:
            seconds, _ = timed(lambda: services.projections.rebuild("order_list"))
            rebuilt.append(int(count) / seconds)  # type: ignore[call-overload]
    print(f"order events: {count}")
    print(f"read (select_notifications):          {statistics.median(raw):>9,.0f} events/s")
    print(f"read + mapper.to_domain_event:        {statistics.median(mapped):>9,.0f} events/s")
    if rebuilt:
        print(f"order_list rebuild:                   {statistics.median(rebuilt):>9,.0f} events/s")
    services.queries.catch_up()
    for name, p95 in query_latencies(services).items():
        print(f"GET /orders {name:<40} p95 {p95:6.1f} ms")
    services.close()


if __name__ == "__main__":
    main()
