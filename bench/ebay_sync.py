"""``first_sync_orders_per_s`` and ``unchanged_resync_orders_per_s``: the sync use case end to end.

The local eBay simulator (simulators/ebay/app.py) serves its orders over real HTTP
from a BackgroundServer in a process of its own (ebay_simulator_process.py); orderhub pulls them through the ``ebay`` channel adapter (OAuth, paging,
mapping) into a fresh SQLite store. The re-sync comes after eBay reported every order as modified
without a visible change (``touch``: e.g. feedback left), so all of them are fetched and re-checked
again and nothing is recorded.

Baseline, right before each sync: the same orders fetched from the same simulator and parsed by a
bare client (bare_ebay_client.py), the cost of the wire and the simulator alone.
"""

from __future__ import annotations

import time

from bench.bare_ebay_client import fetch_all
from bench.context import Context
from bench.ebay_simulator_process import SimulatedEbay
from bench.gates import gated
from bench.results import Row
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


def one_run(ctx: Context, size: int, first: Row, again: Row) -> None:
    folder = ctx.scratch("ebay-sync")
    with SimulatedEbay(ctx, size) as ebay:
        services = bootstrap(f"sqlite:///{folder}/orderhub.db")
        try:
            services.channels.register("ebay-bench", "ebay", ebay.settings, None)
            baseline = fetch_all(ebay.settings, size)
            first.add(timed_sync(services, "ebay-bench", {"fetched": size, "imported": size}), baseline)
            ebay.touch_all()
            baseline = fetch_all(ebay.settings, size)
            again.add(
                timed_sync(services, "ebay-bench", {"fetched": size, "imported": 0, "updated": 0}), baseline
            )
        finally:
            services.close()


def run(ctx: Context) -> list[Row]:
    size = ctx.sizes.sync_orders
    note = f"{size:,} orders from the eBay simulator over HTTP, SQLite store; baseline: a bare client fetching them"
    first = gated("first_sync_orders_per_s", "orders/s", note=note)
    again = gated("unchanged_resync_orders_per_s", "orders/s", note=note + "; all re-reported")
    for _ in range(ctx.repeat):
        one_run(ctx, size, first, again)
    return [first, again]
