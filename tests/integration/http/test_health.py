"""``GET /health/live`` says the process runs; ``GET /health/ready`` whether the store takes writes
and the projections follow the log, naming the failing part (issue 18, point 18). ``GET /health``
answers as before."""

from __future__ import annotations

import pytest

from adapters.read_models.runner import ProjectionStoppedError
from tests.integration.http.conftest import place
from tests.integration.http.test_projection_failure import store_unreadable_status_change
from tests.integration.http.test_store_trouble import drop_every_table
from tests.support.harness import Harness


def test_a_healthy_process_is_live_and_ready(harness: Harness) -> None:
    assert harness.client.get("/health/live").json() == {"status": "ok"}
    ready = harness.client.get("/health/ready")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "checks": {"store": "ok", "projections": "ok"}}
    assert harness.client.get("/health").json()["status"] == "ok"  # for existing callers


def test_a_stopped_projection_makes_the_process_unready_and_is_named(harness: Harness) -> None:
    store_unreadable_status_change(harness, place(harness))
    with pytest.raises(ProjectionStoppedError):
        harness.services.projections.catch_up()
    ready = harness.client.get("/health/ready")
    assert ready.status_code == 503 and ready.headers["Retry-After"] == "5"
    assert ready.json()["checks"]["store"] == "ok"
    assert "projection order_list is stopped" in ready.json()["detail"]
    assert harness.client.get("/health/live").status_code == 200


def test_lost_tables_make_the_process_unready_until_they_are_created_again(shared_database_url: str) -> None:
    with Harness.start(shared_database_url) as h:
        drop_every_table(shared_database_url)
        first = h.client.get("/health/ready")
        assert first.status_code == 503, first.text
        assert first.json()["checks"]["store"].startswith("the database has lost its tables")
        assert h.client.get("/health/ready").status_code == 200
