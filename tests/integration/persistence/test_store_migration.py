"""``orderhub migrate-store FROM TO``: an SQLite store copied into PostgreSQL or another SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from application.api_keys import key_hash
from domain.access import Scope
from entrypoints.bootstrap import Services, bootstrap
from entrypoints.cli import app
from tests.support.event_log import EventLog, projection_mismatches
from tests.support.harness import Harness

ADDRESS = {
    "name": "Jo Alt",
    "street": "Weg 3",
    "postal_code": "20095",
    "city": "Hamburg",
    "country_code": "DE",
}
CONNECTOR = {"url": "http://127.0.0.1:9/jtlconnector/", "token": "sync-secret"}


def stored_events(services: Services) -> list[tuple[Any, ...]]:
    rows = services.book.recorder.select_notifications(start=None, limit=10_000)
    return [(n.originator_id, n.originator_version, n.topic, n.state) for n in rows]


@pytest.fixture
def source(tmp_path: Path) -> Iterator[str]:
    """An SQLite store with customers, immediate orders, status changes, a channel and an API key."""
    url = f"sqlite:///{tmp_path / 'old' / 'orderhub.db'}"
    with Harness.start(url) as h:
        for n in range(5):
            body = {
                "customer": {
                    "name": f"Jo {n}",
                    "email": f"jo{n % 3}@example.com",
                    "billing_address": ADDRESS,
                },
                "currency": "EUR",
                "lines": [
                    {"sku": "A", "title": "Tasse", "quantity": n + 1, "unit_price": "3.50", "tax_rate": "19"}
                ],
            }
            order = h.client.post("/api/v1/orders", json=body)
            assert order.status_code == 201, order.text
            if n % 2:
                h.set_status(order.json()["id"], "paid")
        h.register_channel("woo", "jtl-connector", CONNECTOR)
        h.services.api_keys.add_hash(key_hash("old-key"), "from the old store")
        h.services.api_keys.add_hash(
            key_hash("reader-key"), "reader", (Scope.ORDERS_READ, Scope.REPORTS_READ)
        )
    return url


def migrate(source: str, target: str) -> Any:
    return CliRunner().invoke(app, ["migrate-store", source, target])


def test_every_event_arrives_in_order_with_numbers_keys_settings_and_lists(
    source: str, shared_database_url: str
) -> None:
    result = migrate(source, shared_database_url)
    assert result.exit_code == 0, result.output
    old, new = bootstrap(source), bootstrap(shared_database_url)
    try:
        assert stored_events(new) == stored_events(old)
        assert [p["lag"] for p in new.projections.status()] == [0] * len(new.projections.projections)
        assert projection_mismatches(new, EventLog.read(new)) == []
        assert new.api_keys.contains_hash(key_hash("old-key"))
        assert new.access.all() == old.access.all()  # ids, names, scopes and times
        reader = new.api_keys.find_hash(key_hash("reader-key"))
        assert reader is not None and reader.scopes == (Scope.ORDERS_READ, Scope.REPORTS_READ)
        assert new.channels.settings("woo")[1].model_dump(mode="json")["url"] == CONNECTOR["url"]
        # The copied events (the same bytes as FROM's): read on TO, whose secret key opens their
        # personal keys (FROM's is its key file; ORDERHUB_SECRET_KEY here may be TO's).
        old_numbers = {o.number for o in EventLog.read(new).orders.values()}
        placed = new.ordering.place_customer_order(next(iter(EventLog.read(new).customers)), _draft())
        assert placed.number not in old_numbers  # numbering continues after the copied numbers
    finally:
        old.close()
        new.close()


def _draft() -> Any:
    from application.commands import OrderDraft

    return OrderDraft.model_validate(
        {
            "currency": "EUR",
            "lines": [{"sku": "B", "title": "Teller", "quantity": 1, "unit_price": "5.00", "tax_rate": "19"}],
        }
    )


def test_a_target_that_already_holds_events_is_refused(source: str, tmp_path: Path) -> None:
    target = f"sqlite:///{tmp_path / 'new.db'}"
    assert migrate(source, target).exit_code == 0
    again = migrate(source, target)
    assert again.exit_code == 2
    assert "already holds events" in again.output


def test_a_missing_source_file_is_reported_not_created(tmp_path: Path) -> None:
    result = migrate(f"sqlite:///{tmp_path / 'nothing.db'}", f"sqlite:///{tmp_path / 'new.db'}")
    assert result.exit_code == 2
    assert "no database file" in result.output
    assert not (tmp_path / "nothing.db").exists()
