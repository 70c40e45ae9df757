"""POST /orders/{id}/notes and PUT /orders/{id}/shipping-address, on every store."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from tests.integration.http.conftest import stored
from tests.support.harness import Harness
from tests.support.order_data import ADDRESS

CONFIGURED = {"kind": "api_key", "name": "ORDERHUB_API_KEY"}
FIXED = {**ADDRESS, "street": "Hauptstraße 11", "street2": "Hinterhaus"}


def note(h: Harness, order_id: str, text: str, **headers: str) -> Any:
    return h.client.post(f"/api/v1/orders/{order_id}/notes", json={"text": text}, headers=headers)


def key(h: Harness, name: str, *scopes: str) -> str:
    response = h.client.post("/api/v1/api-keys", json={"name": name, "scopes": list(scopes)})
    assert response.status_code == 201, response.text
    return f"Bearer {response.json()['key']}"


def test_a_note_is_201_listed_on_the_order_and_in_its_history_with_who_wrote_it(
    harness: Harness, order: dict[str, Any]
) -> None:
    warehouse = key(harness, "warehouse", "orders:write")
    response = note(
        harness, order["id"], "  Customer called:\nleave it with the neighbour. ", Authorization=warehouse
    )
    assert response.status_code == 201, response.text
    [written] = response.json()["notes"]
    assert written["text"] == "Customer called:\nleave it with the neighbour."
    assert written["actor"] == {"kind": "api_key", "name": "warehouse"}
    assert note(harness, order["id"], "second").status_code == 201
    shown = harness.order(order["id"])  # as stored (and read back on SQLite and PostgreSQL)
    assert [(n["text"], n["actor"]) for n in shown["notes"]] == [
        ("Customer called:\nleave it with the neighbour.", {"kind": "api_key", "name": "warehouse"}),
        ("second", CONFIGURED),
    ]
    assert shown["status"] == order["status"] and shown["note"] == order["note"]
    [listed] = harness.orders()  # the list follows: when it last changed, its version, nothing else
    assert (listed["updated_at"], listed["version"], listed["status"], listed["total"]) == (
        shown["updated_at"],
        shown["version"],
        order["status"],
        order["total"],
    )
    events = [e for e in harness.events(order["id"]) if e["type"] == "NoteAdded"]
    assert [(e["data"]["text"], e["actor"]) for e in events] == [
        ("Customer called:\nleave it with the neighbour.", {"kind": "api_key", "name": "warehouse"}),
        ("second", CONFIGURED),
    ]


def test_a_cancelled_or_shipped_order_takes_notes_too(harness: Harness, order: dict[str, Any]) -> None:
    harness.set_status(order["id"], "cancelled", reason="out of stock")
    assert note(harness, order["id"], "customer informed by phone").status_code == 201
    assert harness.order(order["id"])["status"] == "cancelled"


def test_bad_notes_are_422_naming_the_field_and_store_nothing(
    harness: Harness, order: dict[str, Any]
) -> None:
    before = stored(harness)
    for text, why in [("x" * 5001, "at most 5000"), ("   ", "at least 1"), ("bell \u0007", "U+0007")]:
        response = note(harness, order["id"], text)
        assert response.status_code == 422, response.text
        assert response.json()["detail"].startswith("text: ") and why in response.json()["detail"]
    missing = harness.client.post(f"/api/v1/orders/{order['id']}/notes", json={"note": "typo"})
    assert missing.status_code == 422 and "text" in missing.json()["detail"]
    assert stored(harness) == before


def test_a_note_keeps_line_breaks_and_tabs_also_beside_escaped_characters(
    harness: Harness, order: dict[str, Any]
) -> None:
    body = b'{"text": "Stra\\u00dfe:\\n\\tHinterhaus"}'  # escapes make the body rule look closer
    response = harness.client.post(
        f"/api/v1/orders/{order['id']}/notes", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 201, response.text
    assert response.json()["notes"][0]["text"] == "Straße:\n\tHinterhaus"


def test_a_note_on_an_unknown_order_is_404(harness: Harness) -> None:
    response = note(harness, str(uuid4()), "hello")
    assert response.status_code == 404 and "not found" in response.json()["detail"]


def test_the_shipping_address_is_corrected_once_and_recorded(harness: Harness, order: dict[str, Any]) -> None:
    url = f"/api/v1/orders/{order['id']}/shipping-address"
    response = harness.client.put(url, json=FIXED)
    assert response.status_code == 200, response.text
    assert response.json()["shipping_address"]["street"] == "Hauptstraße 11"
    assert response.json()["billing_address"] == order["billing_address"]
    again = harness.client.put(url, json=FIXED)  # the same address: nothing new
    assert again.status_code == 200 and again.json()["version"] == response.json()["version"]
    assert harness.order(order["id"])["shipping_address"]["street2"] == "Hinterhaus"
    corrected = [e for e in harness.events(order["id"]) if e["type"] == "ShippingAddressCorrected"]
    assert [e["data"]["address"]["street"] for e in corrected] == ["Hauptstraße 11"]
    assert corrected[0]["actor"] == CONFIGURED
    [listed] = harness.orders()
    assert listed["version"] == response.json()["version"]


def test_an_invalid_address_is_422_naming_the_field(harness: Harness, order: dict[str, Any]) -> None:
    url = f"/api/v1/orders/{order['id']}/shipping-address"
    for body, field in [
        ({**FIXED, "country_code": "XX"}, "country_code"),
        ({k: v for k, v in FIXED.items() if k != "city"}, "city"),
        ({**FIXED, "street": " "}, "street"),
        ({**FIXED, "floor": 3}, "floor"),
    ]:
        response = harness.client.put(url, json=body)
        assert response.status_code == 422, response.text
        assert response.json()["detail"].startswith(f"{field}: "), response.json()["detail"]
    assert harness.order(order["id"])["shipping_address"] == order["shipping_address"]


def test_a_shipped_order_keeps_its_address_409(harness: Harness, order: dict[str, Any]) -> None:
    harness.set_status(order["id"], "shipped", tracking={"carrier": "DHL", "number": "1"})
    response = harness.client.put(f"/api/v1/orders/{order['id']}/shipping-address", json=FIXED)
    assert response.status_code == 409, response.text
    assert "cannot be corrected any more: it has been shipped" in response.json()["detail"]
    assert harness.order(order["id"])["shipping_address"] == order["shipping_address"]


def test_correcting_an_unknown_order_is_404(harness: Harness) -> None:
    response = harness.client.put(f"/api/v1/orders/{uuid4()}/shipping-address", json=FIXED)
    assert response.status_code == 404
