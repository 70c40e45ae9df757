"""Orders over HTTP: place, read, list with filters, history, status changes."""

from __future__ import annotations

import unicodedata
from typing import Any
from uuid import uuid4

from tests.integration.http.conftest import place, stored
from tests.support.harness import Harness
from tests.support.order_data import ADDRESS, draft, immediate_order, line, new_customer

ORDER_FIELDS = {
    "id", "number", "customer_id", "source", "status", "currency", "lines", "shipping_cost", "total",
    "billing_address", "shipping_address", "tracking", "created_at", "updated_at", "version",
}  # fmt: skip


def test_an_immediate_order_is_created_with_the_documented_shape(harness: Harness) -> None:
    response = harness.client.post("/api/v1/orders", json=immediate_order())
    assert response.status_code == 201
    order = response.json()
    assert set(order) >= ORDER_FIELDS
    assert order["source"] == {
        "kind": "immediate",
        "channel": None,
        "external_id": None,
        "external_number": None,
    }
    assert order["status"] == "open" and order["version"] == 1
    assert order["lines"] == [
        {
            "sku": "MUG-1",
            "title": "Tasse",
            "quantity": 3,
            "unit_price": "19.99",
            "tax_rate": "19",
            "total": "59.97",
        }
    ]
    assert (order["shipping_cost"], order["total"], order["currency"]) == ("4.90", "64.87", "EUR")
    assert order["created_at"].endswith("+00:00")


def test_an_immediate_order_with_new_customer_data_creates_the_customer(harness: Harness) -> None:
    order = place(harness)
    customer = harness.client.get(f"/api/v1/customers/{order['customer_id']}").json()
    assert (customer["name"], customer["email"]) == ("Anna Schmidt", "anna@example.com")
    assert customer["number"].startswith("CUS-")


def test_new_customer_data_with_a_known_email_attaches_the_order_to_that_customer(harness: Harness) -> None:
    first = place(harness, immediate_order(new_customer("anna@example.com")))
    second = place(harness, immediate_order(new_customer("  ANNA@Example.com ", name="Anna S.")))
    assert second["customer_id"] == first["customer_id"]
    assert stored(harness).customers == 1


def test_an_email_spelt_in_nfc_and_in_nfd_is_one_customer(harness: Harness) -> None:
    """``ü`` as one code point (NFC) or as ``u`` plus a combining diaeresis (NFD): one address."""
    nfc, nfd = (unicodedata.normalize(form, "jürgen.n@example.de") for form in ("NFC", "NFD"))
    first = place(harness, immediate_order(new_customer(nfc, name="Jürgen N.")))
    second = place(harness, immediate_order(new_customer(nfd, name="Jürgen N.")))
    assert second["customer_id"] == first["customer_id"]
    assert stored(harness).customers == 1
    listed = harness.client.get("/api/v1/customers", params={"email": nfd}).json()
    assert [c["id"] for c in listed["items"]] == [first["customer_id"]]


def test_an_immediate_order_for_an_existing_customer_id(harness: Harness) -> None:
    customer = harness.client.post("/api/v1/customers", json=new_customer()).json()
    response = harness.client.post("/api/v1/orders", json={"customer_id": customer["id"], **draft()})
    assert response.status_code == 201
    assert response.json()["customer_id"] == customer["id"]
    assert response.json()["source"]["kind"] == "immediate"


def test_an_immediate_order_for_an_unknown_customer_id_is_404(harness: Harness) -> None:
    before = stored(harness)
    response = harness.client.post("/api/v1/orders", json={"customer_id": str(uuid4()), **draft()})
    assert response.status_code == 404 and "customer" in response.json()["detail"]
    assert stored(harness).events == before.events


def test_an_order_can_be_read_back(harness: Harness, order: dict[str, Any]) -> None:
    assert harness.order(order["id"]) == order


def test_an_order_reads_back_as_the_very_bytes_and_headers_it_was_placed_with(harness: Harness) -> None:
    """GET serializes its answer itself (orjson); POST through FastAPI's own JSON rendering."""
    body = immediate_order(new_customer(name="Jürgen Nüßlein"), lines=[line(title="Tasse „Ähre“ ☕")])
    placed = harness.client.post("/api/v1/orders", json=body)
    read = harness.client.get(f"/api/v1/orders/{placed.json()['id']}")
    assert read.status_code == 200 and read.content == placed.content
    assert read.headers["content-type"] == placed.headers["content-type"] == "application/json"
    assert read.headers["content-length"] == str(len(placed.content))


def test_an_unknown_order_is_404(harness: Harness) -> None:
    unknown = str(uuid4())
    for path in (f"/api/v1/orders/{unknown}", f"/api/v1/orders/{unknown}/events"):
        response = harness.client.get(path)
        assert response.status_code == 404 and unknown in response.json()["detail"]
    assert harness.client.post(f"/api/v1/orders/{unknown}/status", json={"status": "paid"}).status_code == 404


def test_an_id_that_is_neither_an_id_nor_a_known_number_is_404_naming_it(harness: Harness) -> None:
    response = harness.client.get("/api/v1/orders/ORD-1")
    assert response.status_code == 404 and response.json()["detail"] == "order ORD-1 not found"
    response = harness.client.get("/api/v1/orders/" + "x" * 201)
    assert response.status_code == 422 and response.json()["detail"].startswith("order_id:")


def test_order_numbers_are_unique_and_human_readable(harness: Harness) -> None:
    numbers = [place(harness)["number"] for _ in range(12)]
    assert len(set(numbers)) == 12 and all(n.startswith("ORD-") for n in numbers)


def test_the_order_list_pages_and_counts(harness: Harness) -> None:
    for _ in range(5):
        place(harness)
    page = harness.client.get("/api/v1/orders", params={"limit": 2, "offset": 1}).json()
    assert page["total"] == 5 and len(page["items"]) == 2
    assert {"id", "number", "customer_id", "source", "status", "total"} <= set(page["items"][0])


def test_the_order_list_filters_by_source_status_and_customer(harness: Harness) -> None:
    immediate = place(harness)
    customer = harness.client.post("/api/v1/customers", json=new_customer("bernd@example.com")).json()
    kundenauftrag = harness.client.post(f"/api/v1/customers/{customer['id']}/orders", json=draft()).json()
    harness.set_status(immediate["id"], "paid")
    assert [o["id"] for o in harness.orders(source="customer")] == [kundenauftrag["id"]]
    assert [o["id"] for o in harness.orders(source="immediate")] == [immediate["id"]]
    assert [o["id"] for o in harness.orders(status="paid")] == [immediate["id"]]
    assert [o["id"] for o in harness.orders(status="open")] == [kundenauftrag["id"]]
    assert [o["id"] for o in harness.orders(customer_id=customer["id"])] == [kundenauftrag["id"]]
    assert harness.orders(channel="ebay-de") == []


def test_the_order_list_shows_the_exact_total(harness: Harness) -> None:
    body = immediate_order(lines=[line(quantity=3, unit_price="0.10")], shipping_cost="0.00")
    order = place(harness, body)
    assert [o["total"] for o in harness.orders()] == ["0.30"] == [order["total"]]


def test_an_order_list_filter_with_an_unknown_status_is_422(harness: Harness) -> None:
    response = harness.client.get("/api/v1/orders", params={"status": "lost"})
    assert response.status_code == 422 and response.json()["detail"].startswith("status:")


def test_the_events_of_an_order_are_listed_oldest_first(harness: Harness, order: dict[str, Any]) -> None:
    harness.clock.advance(60)
    harness.set_status(order["id"], "paid")
    harness.set_status(order["id"], "shipped", tracking={"carrier": "DHL", "number": "00340434"})
    events = harness.events(order["id"])
    assert [(e["type"], e["version"]) for e in events] == [
        ("Created", 1),
        ("StatusChanged", 2),
        ("StatusChanged", 3),
    ]
    assert events[0]["data"]["lines"][0]["unit_price"] == "19.99"
    assert events[1]["data"]["status"] == "paid" and events[1]["data"]["previous_status"] == "open"
    assert events[2]["data"]["tracking"] == {"carrier": "DHL", "number": "00340434"}
    assert events[0]["timestamp"] < events[1]["timestamp"]


def test_an_order_is_paid_then_partially_shipped_then_shipped_with_tracking(
    harness: Harness, order: dict[str, Any]
) -> None:
    assert harness.set_status(order["id"], "paid")["status"] == "paid"
    partly = harness.set_status(
        order["id"],
        "partially_shipped",
        tracking={"carrier": "DHL", "number": "1"},
        lines=[{"line": 0, "quantity": 1}],  # of a one-line order, a partial parcel says what it holds
    )
    shipped = harness.set_status(order["id"], "shipped", tracking={"carrier": "DHL", "number": "2"})
    assert partly["status"] == "partially_shipped"
    assert shipped["status"] == "shipped" and shipped["version"] == 4
    assert shipped["tracking"] == [{"carrier": "DHL", "number": "1"}, {"carrier": "DHL", "number": "2"}]


def test_an_order_is_cancelled_with_a_reason(harness: Harness, order: dict[str, Any]) -> None:
    cancelled = harness.set_status(order["id"], "cancelled", reason="customer changed their mind")
    assert cancelled["status"] == "cancelled"
    assert cancelled["cancel_reason"] == "customer changed their mind"


def test_a_cancellation_without_a_reason_is_422_naming_the_reason(
    harness: Harness, order: dict[str, Any]
) -> None:
    response = harness.client.post(f"/api/v1/orders/{order['id']}/status", json={"status": "cancelled"})
    assert response.status_code == 422 and response.json()["detail"].startswith("reason:")
    assert harness.order(order["id"])["version"] == 1


def test_a_cancelled_order_changes_no_more(harness: Harness, order: dict[str, Any]) -> None:
    harness.set_status(order["id"], "cancelled", reason="duplicate")
    for change in ({"status": "paid"}, {"status": "shipped"}, {"status": "cancelled", "reason": "again"}):
        response = harness.client.post(f"/api/v1/orders/{order['id']}/status", json=change)
        assert response.status_code == 409
        assert "cancelled order changes no more" in response.json()["detail"]
    assert harness.order(order["id"])["version"] == 2


def test_a_shipped_order_cannot_be_cancelled(harness: Harness, order: dict[str, Any]) -> None:
    harness.set_status(order["id"], "shipped", tracking={"carrier": "UPS", "number": "1Z"})
    response = harness.client.post(
        f"/api/v1/orders/{order['id']}/status", json={"status": "cancelled", "reason": "too late"}
    )
    assert response.status_code == 409 and "shipped order cannot be cancelled" in response.json()["detail"]
    assert harness.order(order["id"])["status"] == "shipped"


def test_going_back_in_status_is_409(harness: Harness, order: dict[str, Any]) -> None:
    harness.set_status(order["id"], "shipped")
    response = harness.client.post(f"/api/v1/orders/{order['id']}/status", json={"status": "paid"})
    assert response.status_code == 409


def test_open_cannot_be_set_by_hand(harness: Harness, order: dict[str, Any]) -> None:
    response = harness.client.post(f"/api/v1/orders/{order['id']}/status", json={"status": "open"})
    assert response.status_code == 409 and "cannot be set by hand" in response.json()["detail"]


def test_the_order_keeps_the_address_given_with_it(harness: Harness) -> None:
    elsewhere = {**ADDRESS, "name": "Büro", "city": "Hamburg", "postal_code": "20095"}
    order = place(harness, immediate_order(shipping_address=elsewhere))
    assert order["shipping_address"]["city"] == "Hamburg"
    assert order["billing_address"]["city"] == "Berlin"
