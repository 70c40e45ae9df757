"""``import_with_sealing_per_s``, ``rebuild_with_sealing_per_s``: what sealing personal data costs.

The same workload twice in each run, side by side: the import of ``import_orders`` channel orders
(new buyers, pages of 200) into a fresh SQLite store, then a rebuild of every projection of that
store; once as orderhub runs (personal data sealed per person), once with the mapper built without a
sealer (a construction for this comparison only: orderhub itself always seals). The baseline is the
run without sealing, so the ratio is the share of its speed left with sealing: the gate (0.87) is a
cost of at most 15 %.
"""

from __future__ import annotations

import time

from bench.channel_orders import pulled_orders
from bench.context import Context
from bench.gates import gated
from bench.import_orders import import_pages
from bench.results import Row
from entrypoints.bootstrap import bootstrap


def measure(url: str, orders: int, page: int, sealing: bool) -> tuple[float, float]:
    """(orders imported per second, events rebuilt per second)."""
    services = bootstrap(url)
    try:
        if not sealing:
            services.book.mapper.seal_personal_data(None)  # type: ignore[attr-defined]  # bench only
        imported = import_pages(services, pulled_orders(orders), page)
        head, names = services.projections.head(), services.projections.names()
        started = time.perf_counter()
        for name in names:
            services.projections.rebuild(name)
        return imported, head * len(names) / (time.perf_counter() - started)
    finally:
        services.close()


def run(ctx: Context) -> list[Row]:
    size, page = ctx.sizes.import_orders, ctx.sizes.page
    imports = gated("import_with_sealing_per_s", "orders/s")
    rebuilds = gated("rebuild_with_sealing_per_s", "events/s")
    pulled_orders(size)  # mapped once, outside the timings
    for n in range(ctx.repeat):
        folder = ctx.scratch("privacy-cost")
        figures = {}
        for sealing in (n % 2 == 0, n % 2 == 1):  # alternating which goes first: drift shows on both
            figures[sealing] = measure(
                f"sqlite:///{folder}/{'sealed' if sealing else 'clear'}.db", size, page, sealing
            )
        imports.add(figures[True][0], figures[False][0])
        rebuilds.add(figures[True][1], figures[False][1])
    note = f"{size:,} orders (new buyers), pages of {page}; baseline: the same without sealing"
    imports.note = note
    rebuilds.note = (
        "every projection of that store (events x projections); baseline: the same without sealing"
    )
    return [imports, rebuilds]
