"""eBay through orderhub's HTTP API: the Fulfillment API simulator, served over HTTP, synced by orderhub."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from adapters.channels.ebay.mapping import map_order
from simulators.ebay.app import create_app
from simulators.ebay.state import EbayMarketplace
from simulators.ebay.views import order_view
from simulators.server import BackgroundServer
from tests.support.harness import Harness

CHANNEL = "ebay-de"


@pytest.fixture
def server(harness: Harness) -> Iterator[tuple[EbayMarketplace, BackgroundServer]]:
    market = EbayMarketplace(harness.clock, seed=21)
    with BackgroundServer(create_app(market)) as running:
        yield market, running


@pytest.fixture
def ebay(harness: Harness, server: tuple[EbayMarketplace, BackgroundServer]) -> EbayMarketplace:
    market, running = server
    harness.register_channel(CHANNEL, "ebay", market.channel_settings(running.url))
    return market


def recent(market: EbayMarketplace, count: int, minutes_ago: float = 30) -> list[str]:
    moment = market.clock.now() - timedelta(minutes=minutes_ago)
    return market.generate(count, start=moment - timedelta(hours=2), end=moment)


def book(harness: Harness) -> dict[str, dict[str, Any]]:
    orders = harness.orders(channel=CHANNEL)
    assert len(orders) == len({o["source"]["external_id"] for o in orders}), "duplicate orders"
    return {o["source"]["external_id"]: o for o in orders}


def event_types(harness: Harness, order: dict[str, Any]) -> list[str]:
    return [event["type"] for event in harness.events(order["id"])]


def as_ebay_shows_it(market: EbayMarketplace, order_id: str) -> dict[str, Any]:
    stored = market.orders[order_id]
    return order_view(stored.payload, stored.created, market.clock.now(), in_list=True, tax_breakdown=True)


def test_first_sync_imports_every_order_with_ebays_status_and_exact_total(
    harness: Harness, ebay: EbayMarketplace
) -> None:
    ids = ebay.generate(60)  # spread over the last 25 days: inside the 30-day first look-back
    summary = harness.sync(CHANNEL)
    assert (summary["complete"], summary["fetched"], summary["imported"], summary["quarantined"]) == (
        True,
        60,
        60,
        0,
    )
    imported = book(harness)
    for order_id in ids:
        expected = map_order(as_ebay_shows_it(ebay, order_id))
        assert imported[order_id]["status"] == expected.status.value
        assert Decimal(imported[order_id]["total"]) == Decimal(
            ebay.order(order_id)["pricingSummary"]["total"]["value"]
        )
        assert imported[order_id]["source"]["kind"] == "ebay"


def test_an_unchanged_sync_records_nothing(harness: Harness, ebay: EbayMarketplace) -> None:
    recent(ebay, 3, minutes_ago=3)  # inside the next sync's overlap: fetched again
    recent(ebay, 2, minutes_ago=60)
    harness.sync(CHANNEL)
    harness.clock.advance(minutes=1)
    summary = harness.sync(CHANNEL)
    assert (summary["imported"], summary["updated"], summary["unchanged"]) == (0, 0, 3)
    assert all(event_types(harness, o) == ["ImportedFromChannel"] for o in book(harness).values())


def test_a_payment_arriving_at_ebay_records_one_status_synced(
    harness: Harness, ebay: EbayMarketplace
) -> None:
    ids = recent(ebay, 40)
    pending = next(i for i in ids if ebay.order(i)["orderPaymentStatus"] == "PENDING")
    harness.sync(CHANNEL)
    assert book(harness)[pending]["status"] == "pending"
    harness.clock.advance(minutes=20)
    ebay.pay(pending)
    harness.clock.advance(minutes=1)
    assert harness.sync(CHANNEL)["updated"] == 1
    order = book(harness)[pending]
    assert order["status"] == "paid"
    assert event_types(harness, order) == ["ImportedFromChannel", "StatusSynced"]


def test_a_new_shipping_address_in_the_same_status_records_details_synced(
    harness: Harness, ebay: EbayMarketplace
) -> None:
    ids = recent(ebay, 40)
    paid = next(
        i
        for i in ids
        if map_order(as_ebay_shows_it(ebay, i)).status.value == "paid"
        and "shippingStep" in ebay.order(i)["fulfillmentStartInstructions"][0]
    )
    harness.sync(CHANNEL)
    harness.clock.advance(minutes=20)

    def moved(order: dict[str, Any]) -> None:
        ship_to = order["fulfillmentStartInstructions"][0]["shippingStep"]["shipTo"]
        ship_to["contactAddress"].update(addressLine1="Neue Straße 7", city="Leipzig", postalCode="04109")

    ebay.edit(paid, moved)
    harness.clock.advance(minutes=1)
    assert harness.sync(CHANNEL)["updated"] == 1
    order = book(harness)[paid]
    events = harness.events(order["id"])
    assert [e["type"] for e in events] == ["ImportedFromChannel", "DetailsSynced"]
    assert events[-1]["data"]["order"]["shipping_address"]["city"] == "Leipzig"
    assert harness.order(order["id"])["shipping_address"]["street"] == "Neue Straße 7"
    assert order["status"] == "paid"


def test_an_old_order_reported_without_personal_data_keeps_what_was_imported(
    harness: Harness, ebay: EbayMarketplace
) -> None:
    """eBay withholds the buyer's e-mail after 14 days, name, phone and address after 90
    (channels.md section 9): a re-sync then is no change, and blanks nothing."""
    ids = recent(ebay, 30)
    harness.sync(CHANNEL)
    imported = {i: harness.order(o["id"]) for i, o in book(harness).items()}
    buyers = {i: harness.events(o["id"])[0]["data"]["order"]["buyer"] for i, o in imported.items()}
    customers = {
        i: harness.client.get(f"/api/v1/customers/{o['customer_id']}").json() for i, o in imported.items()
    }
    harness.clock.advance(days=91)
    pending = next(i for i in ids if ebay.order(i)["orderPaymentStatus"] == "PENDING")
    for order_id in ids:
        ebay.touch(order_id)  # e.g. feedback left: eBay reports every order modified
    ebay.pay(pending)
    assert all(
        "fullName" not in as_ebay_shows_it(ebay, i)["buyer"].get("buyerRegistrationAddress", {}) for i in ids
    )
    harness.clock.advance(minutes=1)
    summary = harness.sync(CHANNEL)
    assert (summary["fetched"], summary["updated"], summary["unchanged"]) == (30, 1, 29)
    for order_id, before in imported.items():
        after = harness.order(before["id"])
        assert (after["billing_address"], after["shipping_address"]) == (
            before["billing_address"],
            before["shipping_address"],
        )
        customer = harness.client.get(f"/api/v1/customers/{before['customer_id']}").json()
        assert customer == customers[order_id]
        events = harness.events(before["id"])
        if order_id == pending:
            assert [e["type"] for e in events] == ["ImportedFromChannel", "StatusSynced"]
            assert events[-1]["data"]["order"]["buyer"] == buyers[order_id]
            assert after["status"] == "paid"
        else:
            assert [e["type"] for e in events] == ["ImportedFromChannel"], order_id


def test_a_change_ebay_reports_late_inside_the_overlap_is_picked_up(
    harness: Harness, ebay: EbayMarketplace
) -> None:
    ids = recent(ebay, 40)
    open_order = next(
        i
        for i in ids
        if ebay.order(i)["orderFulfillmentStatus"] == "NOT_STARTED"
        and ebay.order(i)["cancelStatus"]["cancelState"] == "NONE_REQUESTED"
    )
    harness.sync(CHANNEL)
    last_sync = harness.clock.now()
    harness.clock.advance(minutes=10)
    # Shipped in Seller Hub, but eBay dates the change 3 minutes before our last sync (overlap: 5).
    ebay.ship(open_order, tracking="H100200300", at=last_sync - timedelta(minutes=3))
    assert harness.sync(CHANNEL)["updated"] == 1
    assert book(harness)[open_order]["status"] == "shipped"


def test_an_expired_access_token_is_refreshed_during_a_sync(harness: Harness, ebay: EbayMarketplace) -> None:
    recent(ebay, 5)
    harness.sync(CHANNEL)
    ebay.expire_access_tokens()
    recent(ebay, 2, minutes_ago=1)
    summary = harness.sync(CHANNEL)
    assert (summary["complete"], summary["imported"]) == (True, 2)
    assert ebay.auth.grants_served == ["refresh_token", "refresh_token"]


def test_a_429_storm_is_waited_out(harness: Harness, ebay: EbayMarketplace) -> None:
    recent(ebay, 4)
    ebay.faults.inject("429", times=3)
    summary = harness.sync(CHANNEL)
    assert (summary["complete"], summary["imported"]) == (True, 4)
    assert harness.sleep.waits[:3] == [1.0, 2.0, 4.0]


def test_a_malformed_order_is_quarantined_the_rest_imported_and_it_is_retried_later(
    harness: Harness, ebay: EbayMarketplace
) -> None:
    good = recent(ebay, 4)
    bad = good.pop()
    total = ebay.order(bad)["pricingSummary"]["total"]

    def corrupt(order: dict[str, Any]) -> None:
        order["pricingSummary"]["total"] = {"value": "n/a", "currency": "EUR"}

    ebay.edit(bad, corrupt, at=ebay.orders[bad].modified)
    summary = harness.sync(CHANNEL)
    assert (summary["complete"], summary["imported"], summary["quarantined"]) == (True, 3, 1)
    [entry] = harness.quarantine(CHANNEL)
    assert entry["external_id"] == bad and "pricingSummary.total" in entry["reason"]
    # eBay fixes the order without touching lastModifiedDate: only the quarantine retry can see it.
    ebay.edit(bad, lambda order: order["pricingSummary"].update(total=total), at=ebay.orders[bad].modified)
    harness.clock.advance(hours=1)
    harness.sync(CHANNEL)
    assert set(book(harness)) == {*good, bad}
    assert harness.quarantine(CHANNEL) == []


def test_orders_arriving_and_changing_while_paging_are_all_imported_once(
    harness: Harness, ebay: EbayMarketplace
) -> None:
    ebay.generate(450)
    ebay.insert_orders_between_pages(4)
    first = harness.sync(CHANNEL)
    ebay.after_orders_page.clear()
    harness.clock.advance(minutes=2)
    harness.sync(CHANNEL)
    assert first["complete"] and first["imported"] >= 450
    assert set(book(harness)) == set(ebay.orders)


def test_a_shipment_is_reported_to_ebay_exactly_once(harness: Harness, ebay: EbayMarketplace) -> None:
    ids = recent(ebay, 30)
    target = next(i for i in ids if book_status(harness, i) == "paid")
    order = book(harness)[target]
    harness.set_status(order["id"], "shipped", tracking={"carrier": "DHL", "number": "00340434161094042557"})
    assert harness.sync(CHANNEL)["pushed"] == 1
    harness.clock.advance(minutes=5)
    assert harness.sync(CHANNEL)["pushed"] == 0
    [(posted_to, body)] = ebay.fulfillment_requests
    assert posted_to == target
    assert body["trackingNumber"] == "00340434161094042557" and body["shippingCarrierCode"] == "DHL"
    assert {x["lineItemId"] for x in body["lineItems"]} == {
        x["lineItemId"] for x in ebay.order(target)["lineItems"]
    }
    assert ebay.order(target)["orderFulfillmentStatus"] == "FULFILLED"
    assert "StatusPushed" in event_types(harness, order)
    assert book(harness)[target]["status"] == "shipped"


def book_status(harness: Harness, order_id: str) -> str | None:
    if not book(harness):
        harness.sync(CHANNEL)
    found = book(harness).get(order_id)
    return found["status"] if found else None


def refused_once(harness: Harness, order_id: str, says: str) -> None:
    """The change is not pushed, the order says where to do it, and no later sync tries it again."""
    order = harness.order(order_id)
    assert order["pending_pushes"] == 0 and says in order["push_refused"]
    [rejected] = [e for e in harness.events(order_id) if e["type"] == "PushRejected"]
    assert says in rejected["data"]["reason"]
    assert "StatusPushed" not in event_types(harness, order)
    harness.clock.advance(minutes=5)
    assert harness.sync(CHANNEL)["pushed"] == 0
    assert event_types(harness, order).count("PushRejected") == 1


def test_a_cancellation_made_here_is_not_pushed_and_says_to_cancel_in_seller_hub(
    harness: Harness, ebay: EbayMarketplace
) -> None:
    ids = recent(ebay, 30)
    target = next(i for i in ids if book_status(harness, i) == "paid")
    order_id = book(harness)[target]["id"]
    response = harness.client.post(
        f"/api/v1/orders/{order_id}/status",
        json={"status": "cancelled", "reason": "Artikel nicht mehr lieferbar"},
    )
    assert response.status_code == 200, response.text
    assert harness.sync(CHANNEL)["pushed"] == 0  # was 1: counted as pushed although eBay was told nothing
    assert harness.order(order_id)["status"] == "cancelled"
    refused_once(harness, order_id, "cancel the order in Seller Hub")
    assert ebay.fulfillment_requests == []
    assert not [call for call in ebay.calls if call.startswith("POST /sell")]


def test_paid_set_here_is_not_pushed_and_says_ebay_marks_it_paid_itself(
    harness: Harness, ebay: EbayMarketplace
) -> None:
    ids = recent(ebay, 60)
    target = next(i for i in ids if book_status(harness, i) in ("open", "pending"))
    order_id = book(harness)[target]["id"]
    response = harness.client.post(f"/api/v1/orders/{order_id}/status", json={"status": "paid"})
    assert response.status_code == 200, response.text
    assert harness.sync(CHANNEL)["pushed"] == 0
    refused_once(harness, order_id, "eBay cannot take 'paid' through its API")
    assert "mark it paid in Seller Hub" in harness.order(order_id)["push_refused"]
    assert not [call for call in ebay.calls if call.startswith("POST /sell")]


def test_a_revoked_refresh_token_stops_the_sync_saying_what_to_do(
    harness: Harness, ebay: EbayMarketplace
) -> None:
    recent(ebay, 2)
    ebay.revoke_refresh_token()
    summary = harness.sync(CHANNEL)
    assert summary["complete"] is False
    assert (
        "refresh token was rejected" in summary["error"] and "update the channel settings" in summary["error"]
    )
    assert ebay.refresh_token not in summary["error"] and ebay.client_secret not in summary["error"]
