"""The search index on every store: channel orders found by what the channel sent, a rebuild finds
what the incremental index found, the SQL reads the term index, and PostgreSQL's collation does not
change what a prefix range holds."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from adapters.channels.registry import KindRegistry
from adapters.persistence.sequences import SqlNumberSequence
from application.commands import PlaceImmediateOrder
from application.customer_matching import CustomerMatcher
from application.intake import ChannelIntake
from domain.address import Address
from domain.channel_order import ChannelBuyer, ChannelOrder
from domain.order_line import OrderLine
from domain.status import OrderStatus
from entrypoints.bootstrap import Services, bootstrap
from ports.channels import PulledOrder
from ports.read_models import CustomerFilter, OrderFilter
from tests.support.order_data import immediate_order, new_customer

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
SEARCHES = ["müller", "B01004", "Мюл", "zoe", "koeln", "Hauptstrasse", "10115", "Anna", "ord", "ebay-1"]


@pytest.fixture
def services(database_url: str) -> Iterator[Services]:
    built = bootstrap(database_url, kinds=KindRegistry())
    try:
        yield built
    finally:
        built.close()


def channel_order(external_id: str, name: str, city: str, **fields: Any) -> ChannelOrder:
    address = Address(name=name, street="Ring 5", postal_code="50667", city=city, country_code="DE")
    return ChannelOrder(
        external_id=external_id,
        status=OrderStatus.PAID,
        currency="EUR",
        lines=[OrderLine(title="Tasse", quantity=1, unit_price="9.99")],  # type: ignore[arg-type]
        buyer=ChannelBuyer(external_id=f"b-{external_id}", email=f"{external_id}@example.com", name=name),
        billing_address=address,
        shipping_address=address,
        placed_at=NOW,
        **fields,
    )


def pull(services: Services, *orders: ChannelOrder) -> None:
    numbers = SqlNumberSequence(services.db)
    intake = ChannelIntake(services.book, numbers, CustomerMatcher(services.book, numbers))
    intake.import_page("ebay-de", "ebay", [PulledOrder(order=o) for o in orders], NOW)


def fill(services: Services) -> None:
    place = services.ordering.place_immediate_order
    place(PlaceImmediateOrder.model_validate(immediate_order()))  # Anna Schmidt, Hauptstraße 1, Berlin
    place(
        PlaceImmediateOrder.model_validate(
            immediate_order(new_customer("zoe@example.com", name="Zoë Ørsted"))
        )
    )
    pull(
        services,
        channel_order("ebay-1", "Jürgen Müller", "Köln", external_number="B01004"),
        channel_order("ebay-2", "Иван Мюллер", "Kiel"),
    )


def found(services: Services) -> dict[str, list[str]]:
    results = {}
    for q in SEARCHES:
        results[q] = [i["number"] for i in services.queries.list_orders(OrderFilter(q=q, limit=500)).items]
        results["customers " + q] = [
            i["number"] for i in services.queries.list_customers(CustomerFilter(q=q, limit=500)).items
        ]
    return results


def test_channel_orders_are_found_by_what_the_channel_sent(services: Services) -> None:
    fill(services)
    results = found(services)
    assert [len(results[q]) for q in ("müller", "B01004", "Мюл", "koeln", "ebay-1", "ord")] == [
        1,
        1,
        1,
        1,
        1,
        4,
    ]
    assert results["müller"] == results["B01004"] == results["koeln"] == results["ebay-1"]
    assert len(results["customers zoe"]) == 1 and len(results["customers Мюл"]) == 1


def test_a_later_report_replaces_what_the_order_is_found_by(services: Services) -> None:
    fill(services)
    pull(services, channel_order("ebay-1", "Jürgen Müller", "Bonn", external_number="B01004", note="moved"))
    [order] = services.queries.list_orders(OrderFilter(q="juergen b01004")).items
    with services.db.transaction(write=False) as tx:
        terms = {r[0] for r in tx.query("SELECT term FROM rm_order_terms WHERE order_id = ?", (order["id"],))}
    # The order's own addresses are order documents, which an erasure keeps restricted and never
    # searchable: they are not indexed (the customer's contact data is, under the customer).
    assert "bonn" not in terms and "koeln" not in terms
    assert {"ord100003", "100003", "ebay1", "b01004", "juergen", "jurgen"} <= terms


def test_a_rebuild_finds_what_the_incremental_index_found(services: Services) -> None:
    fill(services)
    pull(services, channel_order("ebay-1", "Jürgen Müller", "Bonn", external_number="B01004", note="moved"))
    before = found(services)
    services.projections.rebuild("order_search")
    services.projections.rebuild("customer_search")
    assert found(services) == before


def test_the_search_sql_reads_the_term_index_and_scans_no_table(tmp_path: Path) -> None:
    services = bootstrap(f"sqlite:///{tmp_path / 'plan.db'}", kinds=KindRegistry())
    try:
        fill(services)
        services.projections.catch_up()
        statements: list[str] = []
        connection = services.db._sqlite_connection()
        connection.set_trace_callback(statements.append)
        try:
            services.queries.list_orders(OrderFilter(q="Jürgen Mül", status="paid"))
            services.queries.list_customers(CustomerFilter(q="zoe"))
        finally:
            connection.set_trace_callback(None)
        searched = [s for s in statements if "_terms" in s and s.startswith("SELECT")]
        assert len(searched) == 4  # the count and the page of each list
        with services.db.transaction(write=False) as tx:
            for sql in searched:
                plan = [row[3] for row in tx.query(f"EXPLAIN QUERY PLAN {sql}")]
                assert any("USING COVERING INDEX rm_" in step and "_terms_term (term>? AND term<?)" in step
                           for step in plan), plan  # fmt: skip
                assert not [step for step in plan if step.startswith("SCAN")], (sql, plan)
    finally:
        services.close()


def test_on_postgresql_terms_compare_as_bytes(services: Services) -> None:
    if not services.db.is_postgres:
        pytest.skip("PostgreSQL's collation only")
    with services.db.transaction(write=False) as tx:
        collation = tx.scalar(
            "SELECT c.collname FROM pg_attribute a JOIN pg_collation c ON c.oid = a.attcollation "
            "WHERE a.attrelid = 'rm_order_terms'::regclass AND a.attname = 'term'"
        )
    assert collation == "C"
    fill(services)
    assert services.queries.list_orders(OrderFilter(q="мюллер")).total == 1
