"""``import_orders_per_s``: ChannelIntake.import_page on normalised orders, page by page, no network.

Baseline: the eventsourcing library saving as many equivalent one-event aggregates (library_baseline.py)
into a fresh store of the same kind, measured right before each run.
"""

from __future__ import annotations

import time

from adapters.persistence.database_url import DatabaseUrl
from adapters.persistence.sequences import SqlNumberSequence
from application.customer_matching import CustomerMatcher
from application.intake import ChannelIntake
from bench import postgres_db
from bench.channel_orders import NOW, equivalent_payloads, pulled_orders
from bench.context import Context
from bench.gates import gated
from bench.library_baseline import save_rate, stock_sqlite_env
from bench.results import Row
from entrypoints.bootstrap import Services, bootstrap
from ports.channels import PulledOrder


def import_rate(url: str, orders: tuple[PulledOrder, ...], page: int) -> float:
    services = bootstrap(url)
    try:
        return import_pages(services, orders, page)
    finally:
        services.close()


def import_pages(services: Services, orders: tuple[PulledOrder, ...], page: int) -> float:
    """Orders/s of importing ``orders`` page by page into ``services``' store."""
    book, numbers = services.book, SqlNumberSequence(services.db)
    intake = ChannelIntake(book, numbers, CustomerMatcher(book, numbers))
    started = time.perf_counter()
    for start in range(0, len(orders), page):
        result = intake.import_page("ebay-de", "ebay", list(orders[start : start + page]), NOW)
        assert len(result.imported) == len(orders[start : start + page]), "every order is new"
    return len(orders) / (time.perf_counter() - started)


def run(ctx: Context) -> list[Row]:
    size, page = ctx.sizes.import_orders, ctx.sizes.page
    note = f"{size:,} orders (new buyers), pages of {page}; baseline: library saving {size:,} one-event aggregates"
    sqlite = gated("import_orders_per_s", "orders/s", note=note)
    postgres = gated("import_orders_per_s_postgres", "orders/s", note=note)
    orders, payloads = pulled_orders(size), equivalent_payloads(size)
    for _ in range(ctx.repeat):
        folder = ctx.scratch("import")
        baseline = save_rate(stock_sqlite_env(f"{folder}/baseline.db"), payloads, page)
        sqlite.add(import_rate(f"sqlite:///{folder}/orderhub.db", orders, page), baseline)
    postgres.skipped = postgres_db.unavailable(ctx.postgres_url)
    for _ in range(0 if postgres.skipped else ctx.repeat):
        with postgres_db.fresh_database(ctx.postgres_url, "import") as url:
            baseline = save_rate(DatabaseUrl.parse(url).event_store_env(), payloads, page)
            postgres.add(import_rate(url, orders, page), baseline)
    return [sqlite, postgres]
