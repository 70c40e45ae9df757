"""``first_sync_orders_per_s`` and ``unchanged_resync_orders_per_s``: the sync use case end to end.

The local eBay simulator (simulators/ebay/app.py) serves its orders over real HTTP
from a BackgroundServer in a process of its own (ebay_simulator_process.py); orderhub pulls them through the ``ebay`` channel adapter (OAuth, paging,
mapping) into a fresh SQLite store. The re-sync comes after eBay reported every order as modified
without a visible change (``touch``: e.g. feedback left), so all of them are fetched and re-checked
again and nothing is recorded.
"""

from __future__ import annotations

import time

from bench.context import Context
from bench.ebay_simulator_process import SimulatedEbay
from bench.results import Row, Target
from entrypoints.bootstrap import Services, bootstrap


def timed_sync(services: Services, name: str, expect: dict[str, int]) -> float:
    """Orders fetched per second; a sync that does not do what ``expect`` says stops the benchmark
    (a re-sync that fetched fewer orders than were changed missed some: a bug, not a figure)."""
    started = time.perf_counter()
    summary = services.sync(name)
    seconds = time.perf_counter() - started
    got = {key: getattr(summary, key) for key in expect}
    if got != expect or not summary.complete or not summary.fetched:
        raise RuntimeError(f"sync of {name} did not do what the benchmark expects ({expect}): {summary}")
    return summary.fetched / seconds


def one_run(ctx: Context, size: int) -> tuple[float, float]:
    folder = ctx.scratch("ebay-sync")
    with SimulatedEbay(ctx, size) as ebay:
        services = bootstrap(f"sqlite:///{folder}/orderhub.db")
        try:
            services.channels.register("ebay-bench", "ebay", ebay.settings, None)
            first = timed_sync(services, "ebay-bench", {"fetched": size, "imported": size})
            ebay.touch_all()
            again = timed_sync(services, "ebay-bench", {"fetched": size, "imported": 0, "updated": 0})
        finally:
            services.close()
    return first, again


def run(ctx: Context) -> list[Row]:
    size = ctx.sizes.sync_orders
    note = f"{size:,} orders from the eBay simulator over HTTP, SQLite store"
    first = Row("first_sync_orders_per_s", "orders/s", (Target(">=", 1000),), note=note)
    again = Row(
        "unchanged_resync_orders_per_s", "orders/s", (Target(">=", 3500),), note=note + "; all re-reported"
    )
    for _ in range(ctx.repeat):
        rate_first, rate_again = one_run(ctx, size)
        first.add(rate_first)
        again.add(rate_again)
    return [first, again]
