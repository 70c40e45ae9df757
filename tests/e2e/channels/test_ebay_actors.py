"""Who did it, for what a channel's sync records: the eBay simulator, served over HTTP, synced by
orderhub through its API and by the scheduler; each event names the channel, a change made here the
API key that made it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from adapters.channels.ebay.mapping import map_order
from domain.actor import Actor
from entrypoints.scheduler import SyncScheduler
from simulators.ebay.app import create_app
from simulators.ebay.state import EbayMarketplace
from simulators.ebay.views import order_view
from simulators.server import BackgroundServer
from tests.support.harness import Harness

CHANNEL = "ebay-de"
EBAY = {"kind": "channel", "name": CHANNEL}


@pytest.fixture
def ebay(harness: Harness) -> Iterator[EbayMarketplace]:
    market = EbayMarketplace(harness.clock, seed=21)
    with BackgroundServer(create_app(market)) as running:
        harness.register_channel(CHANNEL, "ebay", market.channel_settings(running.url))
        yield market


def recent(market: EbayMarketplace, count: int) -> list[str]:
    moment = market.clock.now() - timedelta(minutes=30)
    return market.generate(count, start=moment - timedelta(hours=2), end=moment)


def imported(harness: Harness) -> dict[str, dict[str, Any]]:
    return {o["source"]["external_id"]: o for o in harness.orders(channel=CHANNEL)}


def actors(harness: Harness, what: str, id_: str) -> list[tuple[str, dict[str, str]]]:
    response = harness.client.get(f"/api/v1/{what}/{id_}/events")
    assert response.status_code == 200, response.text
    return [(e["type"], e["actor"]) for e in response.json()]


def paid_with_a_ship_to(market: EbayMarketplace, ids: list[str]) -> str:
    for i in ids:
        stored = market.orders[i]
        shown = order_view(
            stored.payload, stored.created, market.clock.now(), in_list=True, tax_breakdown=True
        )
        if (
            map_order(shown).status.value == "paid"
            and "shippingStep" in shown["fulfillmentStartInstructions"][0]
        ):
            return i
    raise AssertionError("the seed made no paid order with a shipping step")


def test_imports_status_and_detail_syncs_record_the_channel_even_when_a_named_key_starts_them(
    harness: Harness, ebay: EbayMarketplace
) -> None:
    made = harness.client.post("/api/v1/api-keys", json={"name": "ops", "scopes": ["channels:write"]})
    ops = {"Authorization": f"Bearer {made.json()['key']}"}
    ids = recent(ebay, 40)
    pending = next(i for i in ids if ebay.order(i)["orderPaymentStatus"] == "PENDING")
    moved = paid_with_a_ship_to(ebay, ids)
    assert harness.client.post(f"/api/v1/channels/{CHANNEL}/sync", headers=ops).status_code == 200
    harness.clock.advance(minutes=20)
    ebay.pay(pending)

    def new_address(order: dict[str, Any]) -> None:
        ship_to = order["fulfillmentStartInstructions"][0]["shippingStep"]["shipTo"]
        ship_to["contactAddress"].update(addressLine1="Neue Straße 7", city="Leipzig", postalCode="04109")

    ebay.edit(moved, new_address)
    harness.clock.advance(minutes=1)
    assert harness.client.post(f"/api/v1/channels/{CHANNEL}/sync", headers=ops).json()["updated"] == 2
    book = imported(harness)
    assert actors(harness, "orders", book[pending]["id"]) == [
        ("ImportedFromChannel", EBAY),
        ("StatusSynced", EBAY),
    ]
    assert actors(harness, "orders", book[moved]["id"]) == [
        ("ImportedFromChannel", EBAY),
        ("DetailsSynced", EBAY),
    ]
    customer_events = actors(harness, "customers", book[pending]["customer_id"])
    assert customer_events[0] == ("ImportedFromChannel", EBAY)
    assert all(actor == EBAY for _, actor in customer_events)


def test_a_change_made_here_names_the_key_and_its_push_the_channel(
    harness: Harness, ebay: EbayMarketplace
) -> None:
    ids = recent(ebay, 30)
    harness.sync(CHANNEL)
    target = next(i for i in ids if imported(harness).get(i, {}).get("status") == "paid")
    order = imported(harness)[target]
    made = harness.client.post("/api/v1/api-keys", json={"name": "warehouse", "scopes": ["orders:write"]})
    shipped = harness.client.post(
        f"/api/v1/orders/{order['id']}/status",
        json={"status": "shipped", "tracking": {"carrier": "DHL", "number": "00340434161094042557"}},
        headers={"Authorization": f"Bearer {made.json()['key']}"},
    )
    assert shipped.status_code == 200, shipped.text
    assert harness.sync(CHANNEL)["pushed"] == 1
    assert ebay.order(target)["orderFulfillmentStatus"] == "FULFILLED"
    assert actors(harness, "orders", order["id"]) == [
        ("ImportedFromChannel", EBAY),
        ("StatusChanged", {"kind": "api_key", "name": "warehouse"}),
        ("StatusPushed", EBAY),
    ]


def test_the_schedulers_sync_records_the_channel(harness: Harness, ebay: EbayMarketplace) -> None:
    ids = recent(ebay, 5)
    response = harness.client.patch(f"/api/v1/channels/{CHANNEL}", json={"sync_interval_seconds": 60})
    assert response.status_code == 200, response.text
    [thread] = SyncScheduler(harness.services, concurrency=1).run_due()
    thread.join(30)
    assert not thread.is_alive()
    book = imported(harness)
    assert set(book) == set(ids)
    for order in book.values():
        assert actors(harness, "orders", order["id"]) == [("ImportedFromChannel", EBAY)]
    channel = harness.services.channels.get(CHANNEL)
    recorded = {type(e).__name__: e.actor for e in harness.services.book.events.get(channel.id)}
    assert recorded["ScheduleChanged"] == Actor.api_key("ORDERHUB_API_KEY")  # the PATCH
    assert recorded["Synced"] == Actor.channel(CHANNEL)  # the scheduler's run, by its channel
