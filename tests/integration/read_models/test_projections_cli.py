"""``orderhub projections rebuild`` and ``status`` against an SQLite file."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

import orjson
import pytest
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic
from typer.testing import CliRunner

from adapters.channels.registry import KindRegistry
from application.commands import ChangeOrderStatus, PlaceImmediateOrder
from domain.order import Order
from domain.status import OrderStatus
from entrypoints.bootstrap import bootstrap
from entrypoints.cli import app
from ports.read_models import OrderFilter
from tests.support.order_data import immediate_order, new_customer


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    database_url = f"sqlite:///{tmp_path / 'orderhub.db'}"
    monkeypatch.setenv("ORDERHUB_DATABASE_URL", database_url)
    monkeypatch.setenv("ORDERHUB_API_KEY", "cli-test-key")
    services = bootstrap(database_url, kinds=KindRegistry())
    for n in range(3):
        body = immediate_order(new_customer(f"c{n}@example.com"))
        order = services.ordering.place_immediate_order(PlaceImmediateOrder.model_validate(body))
    services.ordering.change_status(order.id, ChangeOrderStatus(status=OrderStatus.SHIPPED))
    services.close()
    return database_url


def listed_statuses(database_url: str) -> list[str]:
    services = bootstrap(database_url, kinds=KindRegistry())
    try:
        return sorted(o["status"] for o in services.queries.list_orders(OrderFilter()).items)
    finally:
        services.close()


def test_rebuild_of_every_read_model_shows_progress_and_keeps_the_lists(url: str) -> None:
    result = CliRunner().invoke(app, ["projections", "rebuild"])
    assert result.exit_code == 0, result.output
    for name in ("order_list", "customer_list", "sales_report", "sync_log"):
        assert f"rebuild {name}" in result.output
    assert listed_statuses(url) == ["open", "open", "shipped"]


def test_rebuild_of_one_read_model(url: str) -> None:
    result = CliRunner().invoke(app, ["projections", "rebuild", "sales_report"])
    assert result.exit_code == 0, result.output
    assert "rebuild sales_report" in result.output and "order_list" not in result.output


def test_rebuild_of_an_unknown_read_model_exits_2(url: str) -> None:
    result = CliRunner().invoke(app, ["projections", "rebuild", "nope"])
    assert result.exit_code == 2
    assert "no projection named 'nope'" in result.output


def test_status_lists_every_read_model_with_position_and_lag(url: str) -> None:
    CliRunner().invoke(app, ["projections", "rebuild"])
    result = CliRunner(env={"COLUMNS": "200"}).invoke(app, ["projections", "status"])
    assert result.exit_code == 0, result.output
    lines = {line.split("│")[1].strip(): line for line in result.output.splitlines() if line.count("│") > 4}
    assert {"order_list", "customer_list", "sales_report", "sync_log"} <= set(lines)


def test_a_rebuild_that_fails_on_an_event_exits_1_saying_where(url: str) -> None:
    services = bootstrap(url, kinds=KindRegistry())
    [first] = services.queries.list_orders(OrderFilter(limit=1)).items
    services.book.recorder.insert_events(
        [
            StoredEvent(
                originator_id=UUID(first["id"]),
                originator_version=first["version"] + 1,
                topic=get_topic(Order.StatusChanged),
                state=orjson.dumps({"timestamp": "2026-11-02T10:00:00Z"}),
            )
        ]
    )
    head = services.projections.head()
    services.close()
    result = CliRunner(env={"COLUMNS": "300"}).invoke(app, ["projections", "rebuild", "order_list"])
    assert result.exit_code == 1
    assert f"failed at position {head}" in result.output and "KeyError" in result.output
    assert "left as it was" in result.output
