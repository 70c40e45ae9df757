"""A projection that fails on an event stops at that event, says where and why, and skips nothing."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import orjson
import pytest
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from adapters.read_models.runner import ProjectionStoppedError
from domain.order import Order
from tests.integration.http.conftest import place
from tests.support.harness import Harness
from tests.support.order_data import immediate_order, new_customer


def store_unreadable_status_change(harness: Harness, order: dict[str, Any]) -> int:
    """An event the order list cannot apply (its ``status`` is missing); returns its position."""
    state = {"timestamp": "2026-11-02T09:30:00Z", "previous_status": "open", "tracking": None}
    harness.services.book.recorder.insert_events(
        [
            StoredEvent(
                originator_id=UUID(order["id"]),
                originator_version=order["version"] + 1,
                topic=get_topic(Order.StatusChanged),
                state=orjson.dumps(state),
            )
        ]
    )
    return harness.services.projections.head()


def projection(harness: Harness, name: str) -> dict[str, Any]:
    items = harness.client.get("/api/v1/projections").json()["items"]
    return next(p for p in items if p["name"] == name)


@pytest.fixture
def broken(harness: Harness) -> int:
    """Two good orders, then the bad event, then one more good order."""
    place(harness)
    bad = store_unreadable_status_change(
        harness, place(harness, immediate_order(new_customer("bo@example.com")))
    )
    place(harness, immediate_order(new_customer("cy@example.com")))
    return bad


def test_the_order_list_answers_503_with_the_failing_event_and_the_exception(
    harness: Harness, broken: int
) -> None:
    response = harness.client.get("/api/v1/orders")
    assert response.status_code == 503
    detail = response.json()["detail"]
    assert f"failed at position {broken} on {get_topic(Order.StatusChanged)}" in detail
    assert "KeyError" in detail and "'status'" in detail
    assert "orderhub projections rebuild" in detail


def test_the_status_shows_the_position_before_the_failing_event_and_the_error(
    harness: Harness, broken: int
) -> None:
    harness.client.get("/api/v1/orders")
    status = projection(harness, "order_list")
    assert status["position"] == broken - 1  # everything before it was applied, nothing after it
    assert status["lag"] == status["head"] - broken + 1
    assert f"position {broken}" in status["error"]


def test_the_stopped_projection_does_not_move_on_later_events(harness: Harness, broken: int) -> None:
    harness.client.get("/api/v1/orders")
    place(harness, immediate_order(new_customer("dee@example.com")))
    harness.services.projections.catch_up("customer_list")
    assert harness.client.get("/api/v1/orders").status_code == 503
    assert projection(harness, "order_list")["position"] == broken - 1


def test_other_read_models_keep_following(harness: Harness, broken: int) -> None:
    harness.client.get("/api/v1/orders")
    customers = harness.client.get("/api/v1/customers")
    assert customers.status_code == 200 and customers.json()["total"] == 3
    assert projection(harness, "customer_list")["error"] is None


def test_a_rebuild_fails_on_the_same_event_and_leaves_the_list_as_it_was(
    harness: Harness, broken: int
) -> None:
    harness.client.get("/api/v1/orders")
    with pytest.raises(
        ProjectionStoppedError, match=f"rebuild of projection order_list failed at position {broken}"
    ):
        harness.services.projections.rebuild("order_list")
    status = projection(harness, "order_list")
    assert (status["position"], status["rebuilding_since"]) == (broken - 1, None)
    with harness.services.db.transaction(write=False) as tx:
        assert tx.scalar("SELECT COUNT(*) FROM rm_orders") == 2
