"""Two orderhub processes on one store (here: two composition roots, each with its own connections).

Exactly-once holds without the sync lease: deterministic order ids and identity claims make a
concurrent second write collide instead of duplicate.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from application.commands import PlaceImmediateOrder, RegisterCustomer
from application.errors import SyncAlreadyRunningError
from domain.errors import EmailAlreadyClaimedError
from entrypoints.bootstrap import Services, bootstrap
from simulators.jtl_connector.app import ConnectorShop, create_app
from simulators.server import BackgroundServer
from tests.support.event_log import EventLog, projection_mismatches

ADDRESS = {
    "name": "Nina Neu",
    "street": "Hauptstr. 1",
    "postal_code": "10115",
    "city": "Berlin",
    "country_code": "DE",
}
TOKEN = "sync-token"


@pytest.fixture
def two_processes(shared_database_url: str) -> Iterator[tuple[Services, Services]]:
    first = bootstrap(shared_database_url)
    second = bootstrap(shared_database_url)
    yield first, second
    first.close()
    second.close()


def at_once(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run the calls in threads released together; returns results or the exceptions raised."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> Any:
        barrier.wait()
        try:
            return call()
        except Exception as exc:
            return exc

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


class NoLease:
    """A sync-lease store that lets everyone in: to show that correctness does not rest on the lease."""

    def try_lease(self, *_: Any) -> bool:
        return True

    def release(self, *_: Any) -> None:
        return None


def new_customer_order() -> PlaceImmediateOrder:
    return PlaceImmediateOrder.model_validate(
        {
            "customer": {"name": "Nina Neu", "email": "Nina.Neu@Example.com", "billing_address": ADDRESS},
            "currency": "EUR",
            "lines": [
                {"sku": "MUG-1", "title": "Tasse", "quantity": 1, "unit_price": "9.99", "tax_rate": "19"}
            ],
        }
    )


def test_orders_with_one_new_email_from_two_processes_make_one_customer(
    two_processes: tuple[Services, Services],
) -> None:
    command = new_customer_order()
    results = at_once([lambda s=s: s.ordering.place_immediate_order(command) for s in two_processes * 4])
    assert not [r for r in results if isinstance(r, Exception)]
    log = EventLog.read(two_processes[0])
    [owner] = log.customers_by_email()["nina.neu@example.com"]
    assert {order.customer_id for order in results} == {owner}
    assert len(log.orders) == 8
    assert projection_mismatches(two_processes[1], log) == []


def test_registering_one_email_in_two_processes_at_once_makes_one_customer(
    two_processes: tuple[Services, Services],
) -> None:
    command = RegisterCustomer.model_validate(
        {"name": "Nina Neu", "email": "nina@example.com", "billing_address": ADDRESS}
    )
    results = at_once([lambda s=s: s.customers.register(command) for s in two_processes * 3])
    created = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, EmailAlreadyClaimedError)]
    assert (len(created), len(refused)) == (1, 5)
    assert EventLog.read(two_processes[0]).customers_by_email() == {"nina@example.com": [created[0].id]}


@pytest.fixture
def connector_shop(two_processes: tuple[Services, Services]) -> Iterator[ConnectorShop]:
    shop = ConnectorShop(token=TOKEN)
    with BackgroundServer(create_app(shop)) as server:
        two_processes[0].channels.register(
            "woo", "jtl-connector", {"url": f"{server.url}/jtlconnector/", "token": TOKEN}, None
        )
        yield shop


def test_two_syncs_of_one_channel_at_once_import_every_order_once_even_without_the_lease(
    two_processes: tuple[Services, Services], connector_shop: ConnectorShop
) -> None:
    connector_shop.add_generated_orders(150, seed=8)
    for services in two_processes:
        services.sync._leases = NoLease()  # type: ignore[assignment]
    summaries = at_once([lambda s=s: s.sync("woo") for s in two_processes])
    assert all(s.complete for s in summaries), summaries
    assert sum(s.imported for s in summaries) == 150
    log = EventLog.read(two_processes[1])
    assert log.duplicate_channel_orders() == []
    assert sorted(o.external_id for o in log.orders.values()) == sorted(connector_shop.orders)
    assert all(len(ids) == 1 for ids in log.customers_by_email().values())
    assert projection_mismatches(two_processes[0], log) == []


def test_a_second_process_cannot_sync_a_channel_while_the_first_does(
    two_processes: tuple[Services, Services], connector_shop: ConnectorShop
) -> None:
    connector_shop.add_generated_orders(5, seed=9)
    # The simulator records a call once its delay is over, so hold the sync up one call later: when
    # the pull is on record, the first sync is still waiting for its acknowledgement to be answered.
    connector_shop.inject_delay(2.0, method="core.connector.ack")
    first = threading.Thread(target=two_processes[0].sync, args=("woo",))
    first.start()
    while "customer_order.pull" not in connector_shop.calls:
        threading.Event().wait(0.01)
    with pytest.raises(SyncAlreadyRunningError):
        two_processes[1].sync("woo")
    first.join()
    assert two_processes[1].sync("woo").complete  # the lease was released
