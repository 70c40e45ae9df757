"""Channel-order import speed: a page per transaction against a transaction per order, SQLite and PostgreSQL.

    .venv/bin/python -m bench.intake_bench [--orders 10000] [--page 100] [--repeat 3]
        [--backends sqlite,postgres] [--postgres-url postgresql://postgres@127.0.0.1:5432/test]

Orders come from the JTL-Connector simulator's generator, mapped by the real mapper (realistic
buyers: regulars, guests, new e-mails), and go through ``application.intake.ChannelIntake`` on a
new, empty store each run. Prints the median orders/s of --repeat runs per backend and mode.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse, urlunparse
from uuid import uuid4

import psycopg
from psycopg import sql

from adapters.channels.jtl_connector.mapping import map_customer_order
from adapters.channels.jtl_connector.simulator_orders import generate_orders
from adapters.channels.registry import KindRegistry
from adapters.persistence.sequences import SqlNumberSequence
from application.intake import ChannelIntake
from entrypoints.bootstrap import bootstrap
from ports.channels import PulledOrder

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def pulled_orders(count: int) -> list[PulledOrder]:
    payloads = generate_orders(count, seed=7, start=datetime(2026, 10, 1, tzinfo=UTC))
    return [PulledOrder(order=map_customer_order(p), receipt=str(p["id"][0])) for p in payloads]


@contextmanager
def empty_store(backend: str, admin_url: str, options: str) -> Iterator[str]:
    """A new SQLite file, or a new PostgreSQL database beside ``admin_url`` (dropped afterwards)."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{Path(folder) / 'bench.db'}"
        return
    name = f"orderhub_bench_{uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlunparse(urlparse(admin_url)._replace(path=f"/{name}", query=options))
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


def run_once(url: str, orders: list[PulledOrder], page: int) -> float:
    services = bootstrap(url, kinds=KindRegistry({}))
    try:
        intake = ChannelIntake(services.book, SqlNumberSequence(services.db))
        started = time.perf_counter()
        for offset in range(0, len(orders), page):
            intake.import_page("woo", "jtl-connector", orders[offset : offset + page], NOW)
        return len(orders) / (time.perf_counter() - started)
    finally:
        services.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--page", type=int, default=100, help="orders per page (one transaction each)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--single-orders", type=int, default=2000, help="orders for the transaction-per-order runs (a rate)"
    )
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--pool", default="pool_size=5&max_overflow=5", help="PostgreSQL URL pool options")
    args = parser.parse_args()
    orders = pulled_orders(args.orders)
    print(f"{len(orders)} orders ({args.single_orders} one by one), median of {args.repeat} runs (orders/s)")
    for backend in args.backends.split(","):
        for mode, page, subset in (
            ("page per transaction", args.page, orders),
            ("transaction per order", 1, orders[: args.single_orders]),
        ):
            rates = []
            for _ in range(args.repeat):
                with empty_store(backend, args.postgres_url, args.pool) as url:
                    rates.append(run_once(url, subset, page))
            print(
                f"{backend:10} {mode:22} {statistics.median(rates):8.0f}   runs: {[round(r) for r in rates]}"
            )


if __name__ == "__main__":
    main()
