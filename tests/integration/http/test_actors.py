"""Who did it, through HTTP: each event of an order's or a customer's history names its actor (the API
key's name for what a request recorded); events stored before actors were recorded name that."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import orjson
from eventsourcing.persistence import StoredEvent

from adapters.persistence.mapper import decoded_state
from tests.support.harness import Harness
from tests.support.order_data import immediate_order, new_customer

BEFORE = {"kind": "system", "name": "before actors were recorded"}
CONFIGURED = {"kind": "api_key", "name": "ORDERHUB_API_KEY"}


def key(h: Harness, name: str, *scopes: str) -> dict[str, str]:
    response = h.client.post("/api/v1/api-keys", json={"name": name, "scopes": list(scopes)})
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['key']}"}


def history(h: Harness, what: str, id_: str) -> list[dict[str, Any]]:
    response = h.client.get(f"/api/v1/{what}/{id_}/events")
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def actors(events: list[dict[str, Any]]) -> list[tuple[str, dict[str, str]]]:
    return [(e["type"], e["actor"]) for e in events]


def test_an_order_placed_and_changed_with_named_keys_names_each_key(harness: Harness) -> None:
    shop, warehouse = key(harness, "web shop", "orders:write"), key(harness, "warehouse", "orders:write")
    placed = harness.client.post("/api/v1/orders", json=immediate_order(), headers=shop)
    assert placed.status_code == 201, placed.text
    order = placed.json()
    paid = harness.client.post(
        f"/api/v1/orders/{order['id']}/status", json={"status": "paid"}, headers=warehouse
    )
    assert paid.status_code == 200, paid.text
    harness.set_status(order["id"], "shipped", tracking={"carrier": "DHL", "number": "1"})
    assert actors(history(harness, "orders", order["id"])) == [
        ("Created", {"kind": "api_key", "name": "web shop"}),
        ("StatusChanged", {"kind": "api_key", "name": "warehouse"}),
        ("StatusChanged", CONFIGURED),
    ]
    # The customer the order made was made by the same request.
    assert actors(history(harness, "customers", order["customer_id"])) == [
        ("Created", {"kind": "api_key", "name": "web shop"})
    ]


def test_a_customer_registered_with_a_named_key_shows_it_in_the_customers_events(harness: Harness) -> None:
    crm = key(harness, "crm", "customers:write")
    registered = harness.client.post("/api/v1/customers", json=new_customer(), headers=crm)
    assert registered.status_code == 201, registered.text
    [event] = history(harness, "customers", registered.json()["id"])
    assert event["type"] == "Created" and event["version"] == 1
    assert event["actor"] == {"kind": "api_key", "name": "crm"}
    assert event["data"]["contact"]["email"] == registered.json()["email"]
    assert "actor" not in event["data"]  # shown once, beside the data


def test_the_customer_events_need_customers_read_and_an_unknown_customer_is_404(harness: Harness) -> None:
    order = harness.client.post("/api/v1/orders", json=immediate_order()).json()
    url = f"/api/v1/customers/{order['customer_id']}/events"
    refused = harness.client.get(url, headers=key(harness, "orders only", "orders:read"))
    assert refused.status_code == 403 and "'customers:read'" in refused.json()["detail"]
    assert harness.client.get(url, headers=key(harness, "reader", "customers:read")).status_code == 200
    unknown = str(uuid4())
    response = harness.client.get(f"/api/v1/customers/{unknown}/events")
    assert response.status_code == 404 and unknown in response.json()["detail"]
    # An order's id is not a customer's.
    assert harness.client.get(f"/api/v1/customers/{order['id']}/events").status_code == 404


def stored_before_actors(h: Harness, aggregate_id: str) -> str:
    """A copy of the aggregate's first event under a new id, stored as the code before actors wrote
    it (no ``actor`` in its JSON); returns the new id."""
    book = h.services.book
    assert book.mapper.cipher is None and book.mapper.compressor is None  # the test stores' plain JSON
    [first, *_] = book.recorder.select_events(UUID(aggregate_id))
    state = decoded_state(book.mapper, first)
    assert state.pop("actor") is not None
    copy_id = uuid4()
    old = StoredEvent(
        originator_id=copy_id, originator_version=1, topic=first.topic, state=orjson.dumps(state)
    )
    book.recorder.insert_events([old])
    return str(copy_id)


def test_events_stored_before_actors_were_recorded_show_that_not_an_error(harness: Harness) -> None:
    order = harness.client.post("/api/v1/orders", json=immediate_order()).json()
    old_order = stored_before_actors(harness, order["id"])
    old_customer = stored_before_actors(harness, order["customer_id"])
    [order_event] = history(harness, "orders", old_order)
    assert (order_event["type"], order_event["actor"]) == ("Created", BEFORE)
    assert order_event["data"]["lines"] == history(harness, "orders", order["id"])[0]["data"]["lines"]
    [customer_event] = history(harness, "customers", old_customer)
    assert (customer_event["type"], customer_event["actor"]) == ("Created", BEFORE)
