"""For any history, the read models built step by step equal a rebuild from scratch and a direct fold
over the events, and the sales report's sums equal the totals of the orders they cover, exactly."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.channels.registry import KindRegistry
from adapters.read_models.sales_queries import GROUP_COLUMNS
from domain.order import Order
from entrypoints.bootstrap import Services, bootstrap
from testkit.channel_plugins import FakeClock
from tests.unit.read_models import reference_fold
from tests.unit.read_models.commands import Player, commands

TABLES = {
    "rm_orders": "id",
    "rm_order_counts WHERE n <> 0": "dimension, value",  # a count that fell to 0 may stay as a row
    "rm_customers": "id",
    "rm_sales": "id",
    "rm_sync_log": "channel_id, version",
    "rm_order_terms": "term, order_id, kind",
    "rm_customer_terms": "term, customer_id, kind",
}


@contextmanager
def store() -> Iterator[tuple[Services, FakeClock]]:
    clock = FakeClock(datetime(2026, 11, 2, 9, 0, 0, 250_000, tzinfo=UTC))
    services = bootstrap("memory://", clock=clock, kinds=KindRegistry())
    try:
        yield services, clock
    finally:
        services.close()


def snapshot(services: Services) -> dict[str, list[tuple[Any, ...]]]:
    with services.db.transaction(write=False) as tx:
        return {table: tx.query(f"SELECT * FROM {table} ORDER BY {key}") for table, key in TABLES.items()}


def rows(services: Services, table: str) -> dict[Any, dict[str, Any]]:
    with services.db.transaction(write=False) as tx:  # memory://, so SQLite
        columns = [r[0] for r in tx.query("SELECT name FROM pragma_table_info(?) ORDER BY cid", (table,))]
        found = tx.query(f"SELECT * FROM {table}")
    by_key: dict[Any, dict[str, Any]] = {}
    for row in found:
        record = dict(zip(columns, row, strict=True))
        key = (
            (record.pop("channel_id"), record.pop("version")) if table == "rm_sync_log" else record.pop("id")
        )
        by_key[key] = record
    return by_key


def events(services: Services) -> list[Any]:
    book = services.book
    return [
        book.mapper.to_domain_event(n) for n in book.recorder.select_notifications(start=1, limit=1_000_000)
    ]


def subset(
    actual: dict[Any, dict[str, Any]], expected: dict[Any, dict[str, Any]]
) -> dict[Any, dict[str, Any]]:
    """The actual rows restricted to the columns the reference fold computes."""
    return {key: {c: row[c] for c in expected.get(key, row)} for key, row in actual.items()}


def check_against_fold(services: Services) -> None:
    history = events(services)
    expected_orders = reference_fold.orders(history)
    for table, expected in (
        ("rm_orders", expected_orders),
        ("rm_sales", reference_fold.sales(expected_orders)),
        ("rm_customers", reference_fold.customers(history)),
        ("rm_sync_log", reference_fold.sync_log(history)),
    ):
        actual = rows(services, table)
        if table == "rm_sync_log":
            for row in actual.values():
                row["summary"] = orjson.loads(row["summary"])
        assert subset(actual, expected) == expected, table
    with services.db.transaction(write=False) as tx:
        assert set(tx.query("SELECT term, order_id, kind FROM rm_order_terms")) == reference_fold.order_terms(
            history
        )
        assert set(
            tx.query("SELECT term, customer_id, kind FROM rm_customer_terms")
        ) == reference_fold.customer_terms(history)


def check_counts(services: Services) -> None:
    """The kept counts equal counting the order list's rows."""
    with services.db.transaction(write=False) as tx:
        kept = dict(
            ((d, v), n)
            for d, v, n in tx.query("SELECT dimension, value, n FROM rm_order_counts WHERE n <> 0")
        )
        counted = {("all", ""): tx.scalar("SELECT COUNT(*) FROM rm_orders")}
        for dimension, column in (("status", "status"), ("source", "source_kind"), ("channel", "channel")):
            sql = f"SELECT {column}, COUNT(*) FROM rm_orders WHERE {column} IS NOT NULL GROUP BY {column}"
            counted.update({(dimension, value): n for value, n in tx.query(sql)})
        sql = "SELECT channel, status, COUNT(*) FROM rm_orders WHERE channel IS NOT NULL GROUP BY channel, status"
        counted.update({("channel_status", f"{c}\x1f{st}"): n for c, st, n in tx.query(sql)})
    assert kept == {k: n for k, n in counted.items() if n}


def check_against_aggregates(services: Services) -> None:
    for key, row in rows(services, "rm_orders").items():
        order: Order = services.book.repository.get(UUID(key))
        assert (row["status"], row["total_cents"], row["version"]) == (
            str(order.status),
            int(order.total * 100),
            order.version,
        )
        assert row["pending_pushes"] == len(order.pending_pushes)


def check_report_totals(services: Services, start: datetime | None, end: datetime | None) -> None:
    """Revenue plus cancellations plus pending payments equals the sum of the totals of the orders
    placed in [start, end)."""
    report = services.sales_report
    by_currency: dict[str, Decimal] = {}
    for key in rows(services, "rm_orders"):
        order: Order = services.book.repository.get(UUID(key))
        if (start is None or order.placed_at >= start) and (end is None or order.placed_at < end):
            by_currency[order.currency] = by_currency.get(order.currency, Decimal("0.00")) + order.total
    for group_by in GROUP_COLUMNS:
        summed: dict[str, Decimal] = {}
        for row in report.sales(start, end, group_by):
            summed[row.currency] = (
                summed.get(row.currency, Decimal(0)) + row.revenue + row.cancelled_amount + row.pending_amount
            )
        assert summed == by_currency, group_by


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history=commands, cut=st.integers(0, 4 * 24 * 3600))
def test_incremental_read_models_equal_a_rebuild_and_a_fold_over_the_events(
    history: list[Any], cut: int
) -> None:
    with store() as (services, clock):
        player = Player(services, clock)
        for command in history:
            player.play(command)
            services.projections.catch_up()  # as the background follower and read-your-writes do
        incremental = snapshot(services)
        services.projections.rebuild()
        assert snapshot(services) == incremental
        check_against_fold(services)
        check_counts(services)
        check_against_aggregates(services)
        check_report_totals(services, None, None)
        middle = datetime(2026, 10, 30, 8, 0, tzinfo=UTC) + timedelta(seconds=cut)
        check_report_totals(services, None, middle)
        check_report_totals(services, middle, None)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history=commands)
def test_applying_every_event_again_changes_nothing(history: list[Any]) -> None:
    with store() as (services, clock):
        player = Player(services, clock)
        for command in history:
            player.play(command)
        services.projections.catch_up()
        before = snapshot(services)
        runner = services.projections
        records = runner.decoder.decode_all(runner.events.page(0, runner.head(), 1_000_000, []))
        for projection in runner.projections:
            with services.db.transaction() as tx:
                projection.apply(tx, [r for r in records if r.topic in projection.topics])
        assert snapshot(services) == before
