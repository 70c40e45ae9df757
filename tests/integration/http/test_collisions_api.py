"""A change that keeps colliding with concurrent writers is a conflict (409) that names what kept
changing; nothing of it is recorded, and what the others saved stays."""

from __future__ import annotations

from itertools import count
from typing import Any
from uuid import UUID

import pytest

from application.commands import ChangeOrderStatus
from application.unit_of_work import ATTEMPTS
from tests.integration.http.conftest import place
from tests.support.colliding_store import ConcurrentWriter, records
from tests.support.harness import Harness


def shipped(number: str) -> dict[str, Any]:
    return {"status": "shipped", "tracking": {"carrier": "DHL", "number": number}}


def test_a_status_change_that_keeps_colliding_is_a_conflict_naming_the_order(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    order = place(harness)
    numbers = count(1)

    def someone_adds_tracking() -> None:
        command = ChangeOrderStatus.model_validate(shipped(f"other-{next(numbers)}"))
        harness.services.ordering.change_status(UUID(order["id"]), command)

    writer = ConcurrentWriter(
        harness.services.book,
        monkeypatch,
        someone_adds_tracking,
        when=records("StatusChanged"),
        times=ATTEMPTS,
    )
    response = harness.client.post(f"/api/v1/orders/{order['id']}/status", json=shipped("mine"))
    assert response.status_code == 409
    assert response.json()["detail"] == (
        f"order {order['id']} kept changing: {ATTEMPTS} tries to save collided; please retry"
    )
    assert writer.collided == ATTEMPTS
    history = harness.client.get(f"/api/v1/orders/{order['id']}/events").json()
    assert [e["type"] for e in history] == ["Created"] + ["StatusChanged"] * ATTEMPTS
    assert "mine" not in str(history)
    assert (
        harness.client.post(f"/api/v1/orders/{order['id']}/status", json=shipped("mine")).status_code == 200
    )
