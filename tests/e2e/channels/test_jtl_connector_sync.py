"""A shop behind a JTL-Connector endpoint, synced through orderhub's HTTP API (the simulator over real HTTP)."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

import pytest

from simulators.jtl_connector.app import ConnectorShop, create_app
from simulators.jtl_connector.orders import Buyer, customer_order, item
from simulators.server import BackgroundServer
from tests.support.harness import Harness
from tests.support.order_data import new_customer

TOKEN = "woo-sync-password"


@pytest.fixture
def shop(harness: Harness) -> Iterator[ConnectorShop]:
    shop = ConnectorShop(token=TOKEN, clock=harness.clock)
    with BackgroundServer(create_app(shop)) as server:
        harness.register_channel(
            "woo", "jtl-connector", {"url": f"{server.url}/jtlconnector/", "token": TOKEN}
        )
        yield shop


def by_external_id(harness: Harness) -> dict[str, dict]:
    orders = harness.orders(channel="woo")
    return {o["source"]["external_id"]: o for o in orders}


def test_more_orders_than_one_pull_returns_are_all_imported(harness: Harness, shop: ConnectorShop) -> None:
    shop.add_generated_orders(130, seed=21)
    summary = harness.sync("woo")
    assert summary["complete"] and (summary["fetched"], summary["imported"]) == (130, 130)
    assert sorted(by_external_id(harness)) == sorted(shop.orders)
    assert all(shop.is_linked(ep) for ep in shop.orders)


def test_imported_totals_equal_the_shops_gross_totals_exactly(harness: Harness, shop: ConnectorShop) -> None:
    shop.add_generated_orders(60, seed=22)
    harness.sync("woo")
    for ep, order in by_external_id(harness).items():
        assert Decimal(order["total"]) == Decimal(repr(shop.orders[ep]["totalSumGross"])).quantize(
            Decimal("0.01")
        )


def test_orders_of_the_same_shop_customer_belong_to_the_same_customer(
    harness: Harness, shop: ConnectorShop
) -> None:
    shop.add_generated_orders(40, seed=23)
    harness.sync("woo")
    orders = by_external_id(harness)
    customers: dict[str, set[str]] = {}
    for ep, payload in shop.orders.items():
        customers.setdefault(payload["customerId"][0], set()).add(orders[ep]["customer_id"])
    assert all(len(ids) == 1 for ids in customers.values())
    assert any(len([ep for ep, p in shop.orders.items() if p["customerId"][0] == c]) > 1 for c in customers)


def test_two_guest_orders_with_one_email_make_one_customer(harness: Harness, shop: ConnectorShop) -> None:
    guest = Buyer(None, "Lea", "Weber", "lea@example.org", "Gartenstraße 3", "50667", "Köln", "DE")
    when = harness.clock.now()
    for ep in ("2001", "2002"):
        shop.add_order(customer_order(ep, guest, [item("product", "Tasse", "12.90", 19, 1.0, "T1")], when))
    harness.sync("woo")
    orders = by_external_id(harness)
    assert orders["2001"]["customer_id"] == orders["2002"]["customer_id"]


def test_a_buyers_email_in_nfd_finds_the_customer_entered_here_in_nfc(
    harness: Harness, shop: ConnectorShop
) -> None:
    nfc, nfd = (unicodedata.normalize(form, "jürgen.n@example.de") for form in ("NFC", "NFD"))
    entered = harness.client.post("/api/v1/customers", json=new_customer(nfc, name="Jürgen N."))
    assert entered.status_code == 201
    when, mug = harness.clock.now(), [item("product", "Tasse", "12.90", 19, 1.0, "T1")]
    for ep, shop_customer in (("3001", None), ("3002", "K-77")):
        buyer = Buyer(shop_customer, "Jürgen", "N.", nfd, "Gartenstraße 3", "50667", "Köln", "DE")
        shop.add_order(customer_order(ep, buyer, mug, when))
    assert harness.sync("woo")["imported"] == 2
    orders = by_external_id(harness)
    assert orders["3001"]["customer_id"] == orders["3002"]["customer_id"] == entered.json()["id"]
    customer = harness.client.get(f"/api/v1/customers/{entered.json()['id']}").json()
    assert customer["channel_identities"] == [{"channel": "woo", "external_id": "K-77"}]
    assert harness.client.get("/api/v1/customers").json()["total"] == 1


def test_a_lost_ack_causes_no_duplicates(harness: Harness, shop: ConnectorShop) -> None:
    shop.add_generated_orders(120, seed=24)
    shop.inject_error("core.connector.ack", code=500, message="Lost connection to MySQL server")
    first = harness.sync("woo")
    assert not first["complete"] and "MySQL" in first["error"] and first["imported"] == 100
    second = harness.sync("woo")
    assert second["complete"] and (second["imported"], second["unchanged"]) == (20, 100)
    externals = [o["source"]["external_id"] for o in harness.orders(channel="woo")]
    assert len(externals) == 120 and not [e for e, n in Counter(externals).items() if n > 1]


def test_sessions_dying_mid_sync_are_renewed_without_duplicates(
    harness: Harness, shop: ConnectorShop
) -> None:
    shop.session_max_calls = 3  # PHP's session GC strikes every few calls
    shop.add_generated_orders(120, seed=25)
    summary = harness.sync("woo")
    assert summary["complete"] and summary["imported"] == 120
    assert shop.calls.count("core.connector.auth") > 2
    assert len(harness.orders(channel="woo")) == 120


def test_an_expired_session_between_syncs_is_renewed(harness: Harness, shop: ConnectorShop) -> None:
    shop.add_generated_orders(3, seed=26)
    harness.sync("woo")
    harness.clock.advance(hours=2)  # far beyond the 24 minute session lifetime
    shop.add_generated_orders(2, seed=27)
    assert harness.sync("woo")["imported"] == 2


def test_a_bad_order_is_quarantined_while_the_rest_is_imported(harness: Harness, shop: ConnectorShop) -> None:
    shop.add_generated_orders(10, seed=28)
    bad = shop.add_malformed_order("fractional_quantity")
    summary = harness.sync("woo")
    assert (summary["imported"], summary["quarantined"]) == (10, 1) and summary["complete"]
    (entry,) = harness.quarantine("woo")
    assert entry["external_id"] == bad and "not a whole number" in entry["reason"]
    assert not shop.is_linked(bad)


def test_a_quarantined_order_is_imported_once_the_shop_fixes_it(
    harness: Harness, shop: ConnectorShop
) -> None:
    bad = shop.add_malformed_order("fractional_quantity")
    harness.sync("woo")
    with shop.lock:
        fixed = shop.orders[bad]
        fixed["items"][0]["quantity"] = 2.0
        fixed["totalSumGross"] = 2 * 8.5 + 4.9
    summary = harness.sync("woo")
    assert summary["imported"] == 1 and harness.quarantine("woo") == [] and shop.is_linked(bad)


def test_a_wrong_token_stops_the_sync_with_an_actionable_message(
    harness: Harness, shop: ConnectorShop
) -> None:
    shop.token = "rotated-in-the-shop"
    summary = harness.sync("woo")
    assert not summary["complete"] and "`token` setting" in summary["error"]
    assert TOKEN not in summary["error"] and TOKEN not in harness.client.get("/api/v1/channels/woo").text


def _import_one(harness: Harness, shop: ConnectorShop, seed: int) -> tuple[str, str]:
    (ep,) = shop.add_generated_orders(1, seed=seed)
    shop.set_status(ep, "new", "unpaid")
    harness.sync("woo")
    return ep, by_external_id(harness)[ep]["id"]


def test_a_shipment_made_here_reaches_the_shop_exactly_once(harness: Harness, shop: ConnectorShop) -> None:
    ep, order_id = _import_one(harness, shop, seed=29)
    harness.set_status(order_id, "paid")
    harness.set_status(order_id, "shipped", tracking={"carrier": "DHL", "number": "00340434161094042557"})
    assert harness.sync("woo")["pushed"] == 2
    harness.sync("woo")
    assert [(c.order_status, c.payment_status) for c in shop.status_changes_for(ep)] == [
        ("new", "completed"),
        ("shipped", "completed"),
    ]
    assert shop.shopper_status(ep) == "wc-completed"
    assert shop.tracking(ep) == [("DHL", "00340434161094042557")]


def test_an_unpaid_order_shipped_here_stays_unpaid_in_the_shop(harness: Harness, shop: ConnectorShop) -> None:
    ep, order_id = _import_one(harness, shop, seed=28)
    harness.set_status(order_id, "shipped", tracking={"carrier": "DHL", "number": "0034"})
    harness.sync("woo")
    assert [(c.order_status, c.payment_status) for c in shop.status_changes_for(ep)] == [("shipped", "")]
    assert shop.shopper_status(ep) == "wc-processing"


def test_paid_then_cancelled_reach_the_shop_once_each_in_order(harness: Harness, shop: ConnectorShop) -> None:
    ep, order_id = _import_one(harness, shop, seed=30)
    harness.set_status(order_id, "paid")
    harness.sync("woo")
    assert shop.shopper_status(ep) == "wc-processing"
    harness.set_status(order_id, "cancelled", reason="customer changed their mind")
    harness.sync("woo")
    harness.sync("woo")
    assert [c.order_status for c in shop.status_changes_for(ep)] == ["new", "cancelled"]
    assert shop.shopper_status(ep) == "wc-cancelled"


def test_a_change_the_connector_does_not_accept_is_not_pushed_and_says_where_to_make_it(
    harness: Harness, shop: ConnectorShop
) -> None:
    ep, order_id = _import_one(harness, shop, seed=32)
    shop.entities["StatusChange"]["push"] = False  # a connector plug-in that takes no status changes
    harness.set_status(order_id, "paid")
    assert harness.sync("woo")["pushed"] == 0  # was counted as pushed although the shop was told nothing
    order = harness.order(order_id)
    says = "set the order paid in the shop's admin"
    assert (order["status"], order["pending_pushes"]) == ("paid", 0) and says in order["push_refused"]
    [rejected] = [e for e in harness.events(order_id) if e["type"] == "PushRejected"]
    assert "StatusChange push=false" in rejected["data"]["reason"]
    assert "StatusPushed" not in [e["type"] for e in harness.events(order_id)]
    assert harness.sync("woo")["pushed"] == 0  # refused for good: not tried again
    assert [e["type"] for e in harness.events(order_id)].count("PushRejected") == 1
    assert "status_change.push" not in shop.calls and shop.status_changes_for(ep) == []


def test_a_push_the_shop_could_not_take_is_delivered_once_at_a_later_sync(
    harness: Harness, shop: ConnectorShop
) -> None:
    ep, order_id = _import_one(harness, shop, seed=31)
    harness.set_status(order_id, "paid")
    shop.inject_http_status(503, "status_change.push", times=5)
    assert harness.sync("woo")["pushed"] == 0
    assert harness.sync("woo")["pushed"] == 1
    harness.sync("woo")
    assert len(shop.status_changes_for(ep)) == 1 and shop.shopper_status(ep) == "wc-processing"
