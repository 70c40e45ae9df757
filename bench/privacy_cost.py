"""``import_with_sealing_per_s``, ``rebuild_with_sealing_per_s``: what sealing personal data costs.

The same workload twice in each run, side by side: the import of ``import_orders`` channel orders
(new buyers, pages of 200) into a fresh SQLite store, then a rebuild of every projection of that
store; once as orderhub runs (personal data sealed per person), once with the mapper built without a
sealer (a construction for this comparison only: orderhub itself always seals). The baseline is the
run without sealing, so the ratio is the share of its speed left with sealing: the gate (0.87) is a
cost of at most 15 %. The notes give the same ratios in CPU time (``time.process_time``, medians):
on a machine shared with other work the wall clock moves by more than the cost measured.
"""

from __future__ import annotations

import statistics
import time

from bench.channel_orders import pulled_orders
from bench.context import Context
from bench.gates import gated
from bench.import_orders import import_pages
from bench.results import Row
from entrypoints.bootstrap import bootstrap


def measure(url: str, orders: int, page: int, sealing: bool) -> tuple[float, float, float, float]:
    """(orders imported per second, events rebuilt per second, CPU seconds of each)."""
    services = bootstrap(url)
    try:
        if not sealing:
            services.book.mapper.seal_personal_data(None)  # type: ignore[attr-defined]  # bench only
        cpu = time.process_time()
        imported = import_pages(services, pulled_orders(orders), page)
        import_cpu = time.process_time() - cpu
        head, names = services.projections.head(), services.projections.names()
        started, cpu = time.perf_counter(), time.process_time()
        for name in names:
            services.projections.rebuild(name)
        rebuild_cpu = time.process_time() - cpu
        return imported, head * len(names) / (time.perf_counter() - started), import_cpu, rebuild_cpu
    finally:
        services.close()


def _cpu_ratio(figures: list[dict[bool, tuple[float, float, float, float]]], at: int) -> float:
    """The share of its speed left with sealing, in CPU time: clear CPU over sealed CPU, median."""
    return statistics.median(run[False][at] / run[True][at] for run in figures)


def run(ctx: Context) -> list[Row]:
    size, page = ctx.sizes.import_orders, ctx.sizes.page
    imports = gated("import_with_sealing_per_s", "orders/s")
    rebuilds = gated("rebuild_with_sealing_per_s", "events/s")
    pulled_orders(size)  # mapped once, outside the timings
    runs: list[dict[bool, tuple[float, float, float, float]]] = []
    for n in range(ctx.repeat):
        folder = ctx.scratch("privacy-cost")
        figures: dict[bool, tuple[float, float, float, float]] = {}
        for sealing in (n % 2 == 0, n % 2 == 1):  # alternating which goes first: drift shows on both
            figures[sealing] = measure(
                f"sqlite:///{folder}/{'sealed' if sealing else 'clear'}.db", size, page, sealing
            )
        imports.add(figures[True][0], figures[False][0])
        rebuilds.add(figures[True][1], figures[False][1])
        runs.append(figures)
    note = f"{size:,} orders (new buyers), pages of {page}; baseline: the same without sealing"
    imports.note = f"{note}; in CPU time {_cpu_ratio(runs, 2):.2f}"
    rebuilds.note = (
        "every projection of that store (events x projections); baseline: the same without sealing; "
        f"in CPU time {_cpu_ratio(runs, 3):.2f}"
    )
    return [imports, rebuilds]
