"""A rebuild in one process while another keeps writing, reading and following the same projections.

Two composition roots on one store behave as two processes do: their own connections and pools, and
only the database to coordinate through (the SQLite write lock, PostgreSQL row locks).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

from adapters.channels.registry import KindRegistry
from adapters.read_models import rebuild, runner, tracking
from adapters.read_models.rebuild import RebuildRunningError
from adapters.read_models.sql_schema import tables_with_prefix
from application.commands import ChangeOrderStatus, PlaceImmediateOrder
from domain.order import Order
from domain.status import OrderStatus
from entrypoints.bootstrap import Services, bootstrap
from ports.read_models import OrderFilter
from tests.support.order_data import immediate_order, new_customer


@pytest.fixture
def two_processes(shared_database_url: str) -> Iterator[tuple[Services, Services]]:
    server, cli = (
        bootstrap(shared_database_url, kinds=KindRegistry()),
        bootstrap(shared_database_url, kinds=KindRegistry()),
    )
    yield server, cli
    cli.close()
    server.close()


def place(services: Services, n: int) -> UUID:
    body = immediate_order(new_customer(f"c{n}@example.com"))
    return services.ordering.place_immediate_order(PlaceImmediateOrder.model_validate(body)).id


def listed(services: Services) -> dict[str, tuple[str, str, int]]:
    page = services.queries.list_orders(OrderFilter(limit=500))
    assert page.total == len(page.items)
    return {o["id"]: (o["status"], o["total"], o["version"]) for o in page.items}


def from_aggregates(services: Services, ids: list[UUID]) -> dict[str, tuple[str, str, int]]:
    orders: list[Order] = [services.book.repository.get(i) for i in ids]
    return {str(o.id): (str(o.status), f"{o.total}", o.version) for o in orders}


def test_a_rebuild_swaps_in_while_the_other_process_writes_and_follows(
    two_processes: tuple[Services, Services], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, cli = two_processes
    monkeypatch.setattr(rebuild, "PAGE", 2)  # many pages, so the server works between them
    ids = [place(server, n) for n in range(6)]
    server.queries.catch_up()
    seen_rebuilding: list[Any] = []

    def meanwhile(_position: int) -> None:
        ids.append(place(server, len(ids)))
        server.ordering.change_status(ids[len(seen_rebuilding)], ChangeOrderStatus(status=OrderStatus.PAID))
        assert len(listed(server)) == len(ids)  # the live list keeps answering, caught up
        seen_rebuilding.append(next(s for s in server.projections.status() if s["name"] == "order_list"))

    cli.projections.rebuild("order_list", progress=meanwhile)
    assert seen_rebuilding and all(s["rebuilding_since"] for s in seen_rebuilding)
    ids.append(place(server, len(ids)))  # after the swap the server follows the new tables
    assert listed(server) == from_aggregates(server, ids)
    assert listed(cli) == from_aggregates(server, ids)
    [status] = [s for s in server.projections.status() if s["name"] == "order_list"]
    assert (status["lag"], status["error"], status["rebuilding_since"]) == (0, None, None)
    with server.db.transaction(write=False) as tx:
        assert tables_with_prefix(tx, "rm_orders__") == []


def test_a_rebuild_gives_what_following_gave(two_processes: tuple[Services, Services]) -> None:
    server, cli = two_processes
    ids = [place(server, n) for n in range(4)]
    server.ordering.change_status(ids[1], ChangeOrderStatus(status=OrderStatus.CANCELLED, reason="no stock"))
    before = listed(server)
    cli.projections.rebuild()
    assert listed(server) == before == from_aggregates(server, ids)


def test_a_second_rebuild_of_the_same_projection_is_refused_while_one_runs(
    two_processes: tuple[Services, Services],
) -> None:
    server, cli = two_processes
    place(server, 1)

    def meanwhile(_position: int) -> None:
        with pytest.raises(RebuildRunningError, match="being rebuilt by another process"):
            server.projections.rebuild("order_list")

    cli.projections.rebuild("order_list", progress=meanwhile)
    server.projections.rebuild("order_list")  # and allowed once it is done


def test_a_rebuild_left_by_a_dead_process_is_taken_over_and_its_tables_dropped(
    two_processes: tuple[Services, Services],
) -> None:
    server, cli = two_processes
    place(server, 1)
    long_ago = (datetime.now(UTC) - rebuild.STALE_AFTER - timedelta(seconds=1)).isoformat()
    with server.db.transaction() as tx:
        tx.execute("CREATE TABLE rm_orders__rb_dead (id TEXT)")
        tx.execute(
            f"UPDATE {tracking.TABLE} SET rebuild_token = 'dead', rebuild_seen = ? WHERE name = 'order_list'",
            (long_ago,),
        )
    cli.projections.rebuild("order_list")
    with server.db.transaction(write=False) as tx:
        assert tables_with_prefix(tx, "rm_orders__") == []
    assert len(listed(server)) == 1


def test_a_read_model_that_starts_from_the_first_event_of_a_long_log_is_built_in_bulk(
    two_processes: tuple[Services, Services],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    server, cli = two_processes
    ids = [place(server, n) for n in range(5)]
    monkeypatch.setattr(runner, "BUILD_FROM_SCRATCH", 3)
    with caplog.at_level("INFO", logger="adapters.read_models.runner"):
        assert listed(cli) == from_aggregates(server, ids)
    assert "order_list starts from the first event: building it in bulk" in caplog.text
    [status] = [s for s in cli.projections.status() if s["name"] == "order_list"]
    assert (status["lag"], status["error"]) == (0, None)
