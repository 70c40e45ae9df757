"""JTL-Shop through orderhub's HTTP API: the simulated shop, served over HTTP, synced by orderhub."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from adapters.channels.jtl_shop import channel as jtl_shop_channel
from application.sync import PARK_AFTER
from simulators.jtl_shop.app import JtlShopSimulator, ShopAddress, ShopPosition
from simulators.server import BackgroundServer
from tests.support.harness import Harness

CHANNEL = "shop-de"


@pytest.fixture()
def shop(harness: Harness) -> Iterator[JtlShopSimulator]:
    sim = JtlShopSimulator(seed=5, clock=harness.clock)
    with BackgroundServer(sim.app) as server:
        harness.register_channel(
            CHANNEL, "jtl-shop", {"url": server.url, "username": sim.username, "password": sim.password}
        )
        yield sim


def by_external_id(harness: Harness) -> dict[str, dict[str, Any]]:
    orders = harness.orders(channel=CHANNEL)
    assert len(orders) == len({o["source"]["external_id"] for o in orders}), "duplicate orders"
    return {o["source"]["external_id"]: o for o in orders}


def registered_order(shop: JtlShopSimulator, customer_id: int = 7, email: str = "kaethe@example.de") -> int:
    billing = ShopAddress("Käthe", "Weiß", "Schloßweg 3", "01067", "Dresden", email=email)
    positions = [ShopPosition("Früchtetee „Grün“", "6.065420560747664", "7", "2", 1, "TEE-05")]
    return shop.new_order(positions, billing, customer_id=customer_id).order_id


def test_more_orders_than_one_shop_call_returns_are_all_imported(
    harness: Harness, shop: JtlShopSimulator
) -> None:
    shop.generate_orders(230)
    summary = harness.sync(CHANNEL)
    assert (summary["complete"], summary["imported"], summary["quarantined"]) == (True, 230, 0)
    assert len(by_external_id(harness)) == 230
    assert shop.unfetched() == []


def test_imported_totals_equal_the_shops_gross_totals_exactly(
    harness: Harness, shop: JtlShopSimulator
) -> None:
    shop.generate_orders(60)
    harness.sync(CHANNEL)
    imported = by_external_id(harness)
    assert {k: Decimal(o["total"]) for k, o in imported.items()} == {
        str(o.order_id): o.gross_total for o in shop.orders()
    }
    assert all(o["source"]["kind"] == "jtl-shop" and o["currency"] == "EUR" for o in imported.values())


def test_the_same_shop_customer_is_the_same_orderhub_customer(
    harness: Harness, shop: JtlShopSimulator
) -> None:
    first, second = registered_order(shop), registered_order(shop)
    guest = registered_order(shop, customer_id=0, email="gast@example.org")
    harness.sync(CHANNEL)
    orders = by_external_id(harness)
    assert orders[str(first)]["customer_id"] == orders[str(second)]["customer_id"]
    assert orders[str(guest)]["customer_id"] != orders[str(first)]["customer_id"]
    customer = harness.client.get(f"/api/v1/customers/{orders[str(first)]['customer_id']}").json()
    assert {"channel": CHANNEL, "external_id": "7"} in customer["channel_identities"]


def test_umlauts_arrive_intact(harness: Harness, shop: JtlShopSimulator) -> None:
    order_id = registered_order(shop)
    harness.sync(CHANNEL)
    order = harness.order(by_external_id(harness)[str(order_id)]["id"])
    assert order["lines"][0]["title"] == "Früchtetee „Grün“"
    assert order["billing_address"]["street"] == "Schloßweg 3"


def test_a_lost_acknowledgement_redelivers_without_duplicates(
    harness: Harness, shop: JtlShopSimulator
) -> None:
    shop.generate_orders(3)
    shop.lose_next_acks()
    assert harness.sync(CHANNEL)["imported"] == 3
    again = harness.sync(CHANNEL)
    assert (again["fetched"], again["imported"], again["unchanged"]) == (3, 0, 3)
    assert harness.sync(CHANNEL)["fetched"] == 0
    assert len(by_external_id(harness)) == 3


def test_a_crash_before_the_acknowledgement_redelivers_without_duplicates(
    harness: Harness, shop: JtlShopSimulator
) -> None:
    shop.generate_orders(4)
    shop.fail_next("Service Unavailable", status=503, handler="Bestellungen_xml", times=5)
    stopped = harness.sync(CHANNEL)
    assert (stopped["complete"], stopped["imported"]) == (False, 4)
    assert "Bestellungen_xml" in stopped["error"]
    resumed = harness.sync(CHANNEL)
    assert (resumed["complete"], resumed["imported"], resumed["unchanged"]) == (True, 0, 4)
    assert len(by_external_id(harness)) == 4 and shop.unfetched() == []


def test_a_bad_order_is_quarantined_and_the_rest_imported(harness: Harness, shop: JtlShopSimulator) -> None:
    orders = shop.generate_orders(6)
    shop.break_order(orders[1].order_id)
    summary = harness.sync(CHANNEL)
    assert (summary["imported"], summary["quarantined"], summary["complete"]) == (5, 1, True)
    assert [q["external_id"] for q in harness.quarantine(CHANNEL)] == [str(orders[1].order_id)]
    shop.repair_order(orders[1].order_id)
    assert harness.sync(CHANNEL)["imported"] == 1
    assert harness.quarantine(CHANNEL) == []
    assert len(by_external_id(harness)) == 6


def test_wrong_sync_credentials_stop_the_sync_with_what_to_do(
    harness: Harness, shop: JtlShopSimulator
) -> None:
    shop.generate_orders(1)
    shop.state.password = "rotated"
    summary = harness.sync(CHANNEL)
    assert summary["complete"] is False and "Synclogin" in summary["error"]
    assert "secret" not in harness.client.get(f"/api/v1/channels/{CHANNEL}").text


def test_shop_statuses_arrive_as_orderhub_statuses(harness: Harness, shop: JtlShopSimulator) -> None:
    orders = shop.generate_orders(4)
    for order, status in zip(orders, (1, 3, 4, -1), strict=True):
        order.status = status
    harness.sync(CHANNEL)
    imported = by_external_id(harness)
    assert [imported[str(o.order_id)]["status"] for o in orders] == ["open", "paid", "shipped", "cancelled"]


def test_paid_and_shipped_made_here_reach_the_shopper_once(harness: Harness, shop: JtlShopSimulator) -> None:
    order_id = registered_order(shop)
    harness.sync(CHANNEL)
    order = by_external_id(harness)[str(order_id)]
    harness.set_status(order["id"], "paid")
    assert harness.sync(CHANNEL)["pushed"] == 1
    assert shop.order(order_id).status == 3
    harness.set_status(order["id"], "shipped", tracking={"carrier": "DHL", "number": "JJD0099"})
    assert harness.sync(CHANNEL)["pushed"] == 1
    assert harness.sync(CHANNEL)["pushed"] == 0
    view = shop.customer_view(shop.order(order_id).number)
    assert view is not None
    assert (view["status_text"], view["tracking_code"]) == ("versandt", "JJD0099")
    assert "JJD0099" in view["tracking_url"]
    assert Counter(m.template for m in shop.mails(order_id)) == {
        "bestellung_bezahlt": 1,
        "bestellung_versandt": 1,
    }
    assert [e["type"] for e in harness.events(order["id"])].count("StatusPushed") == 2


def test_a_partial_shipment_makes_the_shop_show_teilversandt(
    harness: Harness, shop: JtlShopSimulator
) -> None:
    order_id = registered_order(shop)
    harness.sync(CHANNEL)
    order = by_external_id(harness)[str(order_id)]
    lines = harness.client.get(f"/api/v1/orders/{order['id']}").json()["lines"]
    parcel = [{"line": 0, "quantity": 1}] if len(lines) == 1 else None  # see ADR 005
    harness.set_status(
        order["id"], "partially_shipped", tracking={"carrier": "DPD", "number": "0815"}, lines=parcel
    )
    harness.sync(CHANNEL)
    harness.sync(CHANNEL)
    assert shop.order(order_id).status == 5
    assert [m.template for m in shop.mails(order_id)] == ["bestellung_teilversandt"]


def test_a_cancellation_made_here_cancels_the_shop_order_once(
    harness: Harness, shop: JtlShopSimulator
) -> None:
    order_id = registered_order(shop)
    harness.sync(CHANNEL)
    order = by_external_id(harness)[str(order_id)]
    harness.set_status(order["id"], "cancelled", reason="Kunde hat storniert")
    harness.sync(CHANNEL)
    harness.sync(CHANNEL)
    assert shop.order(order_id).status == -1
    assert [m.template for m in shop.mails(order_id)] == ["bestellung_storno"]


def test_a_hundred_broken_orders_do_not_hold_up_the_orders_behind_them(
    harness: Harness, shop: JtlShopSimulator
) -> None:
    """The shop serves the 100 oldest unfetched orders: 100 that never map would be served forever.
    After PARK_AFTER failed syncs they are acknowledged (kept in quarantine) and the queue moves."""
    for order in shop.generate_orders(100):
        shop.make_unmappable(order.order_id)
    behind = shop.generate_orders(3)
    for _ in range(PARK_AFTER - 1):
        blocked = harness.sync(CHANNEL)
        assert (blocked["imported"], blocked["quarantined"], blocked["complete"]) == (0, 100, True)
    moved = harness.sync(CHANNEL)
    assert (moved["imported"], moved["quarantined"], moved["complete"]) == (3, 100, True)
    assert set(by_external_id(harness)) == {str(o.order_id) for o in behind}
    parked = harness.quarantine(CHANNEL)
    assert len(parked) == 100 and all(e["acknowledged"] and e["attempts"] == PARK_AFTER for e in parked)
    assert all("QQ" in e["raw"] for e in parked) and shop.unfetched() == []


def test_a_parked_order_is_imported_from_its_stored_xml_once_orderhub_can_map_it(
    harness: Harness, shop: JtlShopSimulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = shop.generate_orders(2)
    not_yet = {str(first.order_id)}  # a mapping orderhub learns in a later version
    real = jtl_shop_channel.map_order

    def mapper(element: Any, *args: Any) -> Any:
        if element.get("kBestellung") in not_yet:
            raise ValueError("payment type not supported yet")
        return real(element, *args)

    monkeypatch.setattr(jtl_shop_channel, "map_order", mapper)
    for _ in range(PARK_AFTER + 1):
        harness.sync(CHANNEL)
    [entry] = harness.quarantine(CHANNEL)
    assert (entry["acknowledged"], entry["attempts"]) == (True, PARK_AFTER + 1)  # retried from its XML
    assert shop.unfetched() == [] and set(by_external_id(harness)) == {str(second.order_id)}
    not_yet.clear()
    assert harness.sync(CHANNEL)["imported"] == 1
    assert harness.quarantine(CHANNEL) == []
    assert set(by_external_id(harness)) == {str(first.order_id), str(second.order_id)}
