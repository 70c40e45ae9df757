"""Reading many aggregates at once (a page of orders, their buyers' claims) gives what reading them
one by one gives, on every store (SQLite and PostgreSQL in one query, memory one by one)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from domain.channel_order import ChannelOrder
from domain.order import Order
from domain.order_line import OrderLine
from domain.status import OrderStatus
from entrypoints.bootstrap import Services, bootstrap

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def reported(external_id: str, note: str | None = None) -> ChannelOrder:
    line = OrderLine(title="Tasse", quantity=1, unit_price="9.99")  # type: ignore[arg-type]
    return ChannelOrder(
        external_id=external_id,
        status=OrderStatus.PAID,
        currency="EUR",
        lines=[line],
        placed_at=NOW,
        note=note,
    )


def imported(services: Services, external_id: str) -> Order:
    order = Order.import_from_channel(
        channel="shop",
        channel_kind="jtl-shop",
        number=f"ORD-{external_id}",
        customer_id=uuid4(),
        order=reported(external_id),
        receipt=None,
        now=NOW,
    )
    services.book.save(order)
    return order


@pytest.fixture
def services(database_url: str) -> Iterator[Services]:
    services = bootstrap(database_url)
    yield services
    services.close()


def test_the_stored_ones_of_many_ids_come_back_as_one_by_one_reads_give_them(services: Services) -> None:
    first, second = imported(services, "A-1"), imported(services, "A-2")
    found = services.book.get_many([first.id, uuid4(), second.id])
    assert set(found) == {first.id, second.id}
    assert found[first.id] == services.book.repository.get(first.id)


def test_an_order_with_a_snapshot_is_loaded_from_it_in_a_page(services: Services) -> None:
    order = imported(services, "B-1")
    for n in range(1, 60):  # snapshots every 50 versions (application/order_book.py)
        assert order.sync_from_channel(reported("B-1", note=f"v{n}"), None, NOW + timedelta(seconds=n))
        services.book.save(order)
    assert services.book.bulk_reader is not None
    _, snapshotted = services.book.bulk_reader.load([order.id])
    assert snapshotted == {order.id}
    assert services.book.get_many([order.id])[order.id].version == 60


def test_a_read_for_a_query_sees_a_change_made_after_an_earlier_read(services: Services) -> None:
    order = imported(services, "C-1")
    assert services.book.read(order.id).version == 1
    order.change_status(OrderStatus.SHIPPED, tracking=None, reason=None, now=NOW)
    services.book.save(order)
    again = services.book.read(order.id)
    assert (again.version, again.status) == (2, OrderStatus.SHIPPED)


def test_reading_an_unknown_id_for_a_query_finds_nothing(services: Services) -> None:
    assert services.book.read(UUID(int=7)) is None
