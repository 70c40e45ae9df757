"""Background work follows writes made by another process: NOTIFY on PostgreSQL, polling on SQLite."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from application.commands import PlaceImmediateOrder
from entrypoints.background import Background
from entrypoints.bootstrap import Services, bootstrap

ADDRESS = {
    "name": "Uli",
    "street": "Allee 5",
    "postal_code": "80331",
    "city": "München",
    "country_code": "DE",
}


class NoSchedule:
    def start(self) -> None:
        return None

    def stop(self) -> None:
        return None


@pytest.fixture
def api_and_worker(shared_database_url: str) -> Iterator[tuple[Services, Services]]:
    api, worker = bootstrap(shared_database_url), bootstrap(shared_database_url)
    yield api, worker
    api.close()
    worker.close()


def place_order(services: Services) -> int:
    services.ordering.place_immediate_order(
        PlaceImmediateOrder.model_validate(
            {
                "customer": {"name": "Uli", "email": "uli@example.com", "billing_address": ADDRESS},
                "currency": "EUR",
                "lines": [{"sku": "X", "title": "X", "quantity": 1, "unit_price": "1.00", "tax_rate": "19"}],
            }
        )
    )
    return services.projections.head()


def seconds_until_projected(worker: Services, head: int, limit: float = 5.0) -> float:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if all(p["position"] >= head for p in worker.projections.status()):
            return time.monotonic() - started
        time.sleep(0.005)
    raise AssertionError(f"projections did not reach {head} within {limit}s: {worker.projections.status()}")


def test_an_order_placed_in_one_process_is_projected_by_another_within_a_second(
    api_and_worker: tuple[Services, Services],
) -> None:
    api, worker = api_and_worker
    background = Background(worker, scheduler=NoSchedule()).start()  # type: ignore[arg-type]
    try:
        assert background.listens == worker.db.is_postgres
        seconds_until_projected(worker, place_order(api))  # the first catch-up may create tables etc.
        lags = sorted(seconds_until_projected(worker, place_order(api)) for _ in range(5))
    finally:
        background.stop()
    assert lags[2] < 1.0, lags
