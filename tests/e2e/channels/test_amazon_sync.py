"""Amazon through orderhub's HTTP API: the SP-API simulator, served over HTTP, synced by orderhub."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from adapters.channels.amazon.mapping import STATUS
from simulators.amazon.app import create_app
from simulators.amazon.orders import STATUS_2026
from simulators.amazon.state import AmazonSimulatorState
from simulators.server import BackgroundServer
from tests.integration.channels.amazon_fixtures import settings_for, sim_order
from tests.support.harness import Harness

CHANNEL = "amazon-de"


@pytest.fixture
def server(harness: Harness) -> Iterator[tuple[AmazonSimulatorState, BackgroundServer]]:
    state = AmazonSimulatorState(clock=harness.clock)
    with BackgroundServer(create_app(state)) as running:
        yield state, running


@pytest.fixture
def amazon(harness: Harness, server: tuple[AmazonSimulatorState, BackgroundServer]) -> AmazonSimulatorState:
    state, running = server
    harness.register_channel(CHANNEL, "amazon", settings_for(running.url, state))
    return state


def registered(
    harness: Harness, server: tuple[AmazonSimulatorState, BackgroundServer], **settings: Any
) -> AmazonSimulatorState:
    """The channel registered with these settings on top of the simulator's."""
    state, running = server
    harness.register_channel(CHANNEL, "amazon", settings_for(running.url, state, **settings))
    return state


def add(state: AmazonSimulatorState, number: int, minutes_ago: float, **options: Any) -> str:
    placed = state.clock.now() - timedelta(minutes=minutes_ago)
    return state.add_order(sim_order(number, placed, **options)).amazon_order_id


def book(harness: Harness) -> dict[str, dict[str, Any]]:
    orders = harness.orders(channel=CHANNEL)
    assert len(orders) == len({o["source"]["external_id"] for o in orders}), "duplicate orders"
    return {o["source"]["external_id"]: o for o in orders}


def event_types(harness: Harness, order: dict[str, Any]) -> list[str]:
    return [event["type"] for event in harness.events(order["id"])]


def test_first_sync_imports_every_order_with_amazons_status_and_total(
    harness: Harness, amazon: AmazonSimulatorState
) -> None:
    for number, status in enumerate(["Unshipped", "Unshipped", "Pending", "Shipped", "Canceled"]):
        add(amazon, number, 60 - number, status=status)
    summary = harness.sync(CHANNEL)
    assert (summary["complete"], summary["fetched"], summary["imported"]) == (True, 5, 5)
    imported = book(harness)
    for order_id, sim in amazon.orders.items():
        assert imported[order_id]["status"] == STATUS[STATUS_2026[sim.status]]
        expected = sim.total() if sim.shows_prices else Decimal("0.00")
        assert Decimal(imported[order_id]["total"]) == expected
        assert imported[order_id]["source"]["kind"] == "amazon"


def test_the_buyers_relay_address_becomes_one_customer(
    harness: Harness, amazon: AmazonSimulatorState
) -> None:
    for number in range(2):
        order = sim_order(number, harness.clock.now() - timedelta(minutes=30))
        order.buyer_email = "same-buyer@marketplace.amazon.de"
        amazon.add_order(order)
    harness.sync(CHANNEL)
    assert len({o["customer_id"] for o in book(harness).values()}) == 1


def test_an_unchanged_sync_records_nothing(harness: Harness, amazon: AmazonSimulatorState) -> None:
    add(amazon, 1, 4)  # inside the next sync's overlap: fetched again
    add(amazon, 2, 40)
    harness.sync(CHANNEL)
    harness.clock.advance(minutes=10)
    summary = harness.sync(CHANNEL)
    assert (summary["imported"], summary["updated"], summary["unchanged"]) == (0, 0, 1)
    assert all(event_types(harness, o) == ["ImportedFromChannel"] for o in book(harness).values())


def test_a_pending_order_paid_inside_the_overlap_records_one_status_synced_with_the_exact_total(
    harness: Harness, amazon: AmazonSimulatorState
) -> None:
    order_id = add(amazon, 1, 30, status="Pending")
    harness.sync(CHANNEL)
    assert book(harness)[order_id]["total"] == "0.00"
    amazon.authorise(order_id)
    # Amazon reports the change late: dated before the last watermark, within the overlap.
    amazon.orders[order_id].last_update = harness.clock.now() - timedelta(minutes=4)
    harness.clock.advance(minutes=1)
    assert harness.sync(CHANNEL)["updated"] == 1
    harness.clock.advance(minutes=3)
    assert harness.sync(CHANNEL)["updated"] == 0
    order = harness.order(book(harness)[order_id]["id"])
    assert event_types(harness, order) == ["ImportedFromChannel", "StatusSynced"]
    assert (order["status"], Decimal(order["total"])) == ("paid", amazon.orders[order_id].total())
    assert order["shipping_address"]["city"] == "Berlin"


def test_an_expired_token_is_refreshed_during_a_sync(harness: Harness, amazon: AmazonSimulatorState) -> None:
    for number in range(3):
        add(amazon, number, 30)
    amazon.fail_next("searchOrders", 403)  # "The access token you provided has expired."
    summary = harness.sync(CHANNEL)
    assert (summary["complete"], summary["imported"]) == (True, 3)
    assert amazon.token_requests == 2


def test_a_429_storm_is_waited_out_within_the_budget(
    harness: Harness, server: tuple[AmazonSimulatorState, BackgroundServer]
) -> None:
    state = registered(harness, server, max_wait_seconds=3600)
    for number in range(4):
        add(state, number, 30)
    state.fail_next("searchOrders", 429, count=4)
    summary = harness.sync(CHANNEL)
    assert (summary["complete"], summary["imported"]) == (True, 4)
    # After a 429 the bucket is empty: searchOrders refills one request every ~178 s.
    assert len(harness.sleep.waits) >= 4 and max(harness.sleep.waits) >= 170


def test_a_429_storm_beyond_the_budget_stops_the_sync_and_the_next_resumes(
    harness: Harness, amazon: AmazonSimulatorState
) -> None:
    for number in range(4):
        add(amazon, number, 30)
    amazon.fail_next("searchOrders", 429)
    stopped = harness.sync(CHANNEL)
    assert stopped["complete"] is False and "rate-limit budget spent" in stopped["error"]
    harness.clock.advance(minutes=4)
    resumed = harness.sync(CHANNEL)
    assert (resumed["complete"], resumed["imported"]) == (True, 4)


def test_a_malformed_order_is_quarantined_and_imported_once_repaired(
    harness: Harness, amazon: AmazonSimulatorState
) -> None:
    good, bad = add(amazon, 1, 30), add(amazon, 2, 30)
    amazon.corrupt(bad, proceeds={"grandTotal": {"currencyCode": "EUR", "amount": "fifty"}})
    harness.clock.advance(minutes=3)
    summary = harness.sync(CHANNEL)
    assert (summary["complete"], summary["imported"], summary["quarantined"]) == (True, 1, 1)
    [entry] = harness.quarantine(CHANNEL)
    assert entry["external_id"] == bad and "grandTotal" in entry["reason"]
    amazon.repair(bad)
    harness.clock.advance(minutes=3)
    harness.sync(CHANNEL)
    assert set(book(harness)) == {good, bad}
    assert harness.quarantine(CHANNEL) == []


def test_a_shipment_is_confirmed_to_amazon_once(harness: Harness, amazon: AmazonSimulatorState) -> None:
    order_id = add(amazon, 1, 30)
    harness.sync(CHANNEL)
    order = book(harness)[order_id]
    harness.set_status(order["id"], "shipped", tracking={"carrier": "DHL", "number": "00340434161094042557"})
    assert harness.sync(CHANNEL)["pushed"] == 1
    harness.clock.advance(minutes=5)
    assert harness.sync(CHANNEL)["pushed"] == 0
    [confirmation] = amazon.confirmations
    assert confirmation["body"]["packageDetail"]["trackingNumber"] == "00340434161094042557"
    assert amazon.orders[order_id].status == "Shipped"
    assert "StatusPushed" in event_types(harness, order)


def test_a_spent_rate_budget_stops_the_sync_and_the_next_one_resumes(
    harness: Harness, server: tuple[AmazonSimulatorState, BackgroundServer]
) -> None:
    state, running = server
    settings = settings_for(running.url, state, max_wait_seconds=10, max_results_per_page=2)
    harness.register_channel(CHANNEL, "amazon", settings)
    for number in range(45):
        add(state, number, 600 - number)
    stopped = harness.sync(CHANNEL)
    assert stopped["complete"] is False and "rate-limit budget spent" in stopped["error"]
    assert stopped["imported"] == 40  # searchOrders' burst of 20 pages; then one call per 3 minutes
    imported = stopped["imported"]
    for _ in range(5):  # each later sync gets the one request Amazon has refilled since
        harness.clock.advance(minutes=3)
        resumed = harness.sync(CHANNEL)
        imported += resumed["imported"]
        if resumed["complete"]:
            break
    assert resumed["complete"] is True and imported == 45
    assert set(book(harness)) == set(state.orders)


def test_refused_credentials_stop_the_sync_saying_what_to_do(
    harness: Harness, server: tuple[AmazonSimulatorState, BackgroundServer]
) -> None:
    state, running = server
    harness.register_channel(
        CHANNEL, "amazon", settings_for(running.url, state, refresh_token="Atzr|revoked")
    )
    summary = harness.sync(CHANNEL)
    assert summary["complete"] is False
    assert "invalid_grant" in summary["error"] and "re-authorise" in summary["error"]
    assert "Atzr|revoked" not in summary["error"]


def test_a_buyers_cancellation_request_shows_on_the_order_until_resolved(
    harness: Harness, amazon: AmazonSimulatorState
) -> None:
    order_id = add(amazon, 1, 30)
    amazon.request_cancellation(order_id, "Bestellung versehentlich aufgegeben")
    harness.clock.advance(minutes=3)
    harness.sync(CHANNEL)
    order = harness.order(book(harness)[order_id]["id"])
    assert (order["status"], order["cancellation_request"]) == (
        "paid", {"requested_by": "buyer", "reason": "Bestellung versehentlich aufgegeben"})  # fmt: skip
    amazon.cancel(order_id)  # the seller accepted it in Seller Central
    harness.clock.advance(minutes=3)
    harness.sync(CHANNEL)
    order = harness.order(order["id"])
    assert (order["status"], order["cancellation_request"]) == ("cancelled", None)


def test_a_parcel_shipped_in_seller_central_shows_in_the_orders_tracking(
    harness: Harness, amazon: AmazonSimulatorState
) -> None:
    order_id = add(amazon, 1, 30)
    harness.sync(CHANNEL)
    amazon.ship(order_id, tracking=("DPD", "15501234567890"))
    harness.clock.advance(minutes=3)
    assert harness.sync(CHANNEL)["updated"] == 1
    order = harness.order(book(harness)[order_id]["id"])
    assert (order["status"], order["tracking"]) == (
        "shipped",
        [{"carrier": "DPD", "number": "15501234567890"}],
    )


def test_unshipped_to_shipped_is_taken_in_once(harness: Harness, amazon: AmazonSimulatorState) -> None:
    order_id = add(amazon, 1, 30)
    harness.sync(CHANNEL)
    amazon.ship(order_id)
    for _ in range(3):
        harness.clock.advance(minutes=3)
        harness.sync(CHANNEL)
    order = harness.order(book(harness)[order_id]["id"])
    assert order["status"] == "shipped"
    assert event_types(harness, order) == ["ImportedFromChannel", "StatusSynced"]


def test_an_order_amazon_fulfils_is_read_only(harness: Harness, amazon: AmazonSimulatorState) -> None:
    order = sim_order(1, harness.clock.now() - timedelta(minutes=30))
    order.fulfillment_channel = "AFN"
    amazon.add_order(order)
    harness.sync(CHANNEL)
    imported = harness.order(book(harness)[order.amazon_order_id]["id"])
    assert "Fulfilled by Amazon" in imported["note"]
    harness.set_status(imported["id"], "shipped", tracking={"carrier": "DHL", "number": "1"})
    assert harness.sync(CHANNEL)["pushed"] == 0
    assert amazon.confirmations == []


def test_a_cancellation_amazon_cannot_take_is_not_counted_as_pushed_and_says_use_seller_central(
    harness: Harness, amazon: AmazonSimulatorState
) -> None:
    order_id = add(amazon, 1, 30)
    harness.sync(CHANNEL)
    order = book(harness)[order_id]
    response = harness.client.post(
        f"/api/v1/orders/{order['id']}/status", json={"status": "cancelled", "reason": "out of stock"}
    )
    assert response.status_code == 200, response.text
    summary = harness.sync(CHANNEL)
    assert summary["pushed"] == 0
    order = harness.order(order["id"])
    assert (order["status"], order["pending_pushes"]) == ("cancelled", 0)  # not sent again either
    assert "Cancel it in Seller Central" in order["push_refused"]  # the order itself says so
    [rejected] = [e for e in harness.events(order["id"]) if e["type"] == "PushRejected"]
    assert "Cancel it in Seller Central" in rejected["data"]["reason"]
    assert "StatusPushed" not in event_types(harness, order)
    assert amazon.orders[order_id].status == "Unshipped"  # Amazon was told nothing
    assert harness.sync(CHANNEL)["pushed"] == 0  # refused for good: not tried again
    assert event_types(harness, order).count("PushRejected") == 1


def test_a_first_sync_over_many_pages_imports_every_order_once(
    harness: Harness, server: tuple[AmazonSimulatorState, BackgroundServer]
) -> None:
    state = registered(harness, server, max_results_per_page=10)
    for number in range(95):
        add(state, number, 600 - number)
    summary = harness.sync(CHANNEL)
    assert (summary["complete"], summary["fetched"], summary["imported"]) == (True, 95, 95)
    assert len([p for op, p in state.requests if op == "searchOrders"]) == 10
    assert set(book(harness)) == set(state.orders) and state.removed_calls == []


def test_a_pagination_token_older_than_24_hours_restarts_its_window_with_nothing_lost_or_doubled(
    harness: Harness, server: tuple[AmazonSimulatorState, BackgroundServer]
) -> None:
    state = registered(harness, server, max_wait_seconds=10, max_results_per_page=2)
    for number in range(45):
        add(state, number, 600 - number)
    stopped = harness.sync(CHANNEL)
    assert stopped["complete"] is False and stopped["imported"] == 40
    harness.clock.advance(hours=25)  # the sync's token has expired meanwhile
    state.requests.clear()
    summaries = [harness.sync(CHANNEL)]
    assert "paginationToken" not in state.requests[0][1]  # the window started over
    while not summaries[-1]["complete"] and len(summaries) < 10:
        harness.clock.advance(minutes=3)
        summaries.append(harness.sync(CHANNEL))
    assert summaries[-1]["complete"] is True
    assert stopped["imported"] + sum(s["imported"] for s in summaries) == 45
    assert sum(s["updated"] for s in summaries) == 0  # seen again, recorded once
    assert set(book(harness)) == set(state.orders)
