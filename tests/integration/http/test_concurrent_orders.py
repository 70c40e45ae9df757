"""Twenty immediate orders with one new e-mail, at once, against one app: one customer, twenty orders."""

from __future__ import annotations

import threading
from typing import Any

import httpx

from simulators.server import BackgroundServer
from tests.integration.http.conftest import stored
from tests.support.harness import API_KEY, Harness
from tests.support.order_data import immediate_order, new_customer

REQUESTS = 20
SPELLINGS = ["new@example.com", " New@Example.com", "NEW@EXAMPLE.COM "]


def post_all_at_once(
    base_url: str, bodies: list[dict[str, Any]], headers: dict[str, str] | None = None
) -> list[httpx.Response]:
    start = threading.Barrier(len(bodies))
    responses: list[httpx.Response] = []
    lock = threading.Lock()

    def send(body: dict[str, Any]) -> None:
        with httpx.Client(
            base_url=base_url, headers={"Authorization": f"Bearer {API_KEY}"}, timeout=60
        ) as client:
            start.wait()
            response = client.post("/api/v1/orders", json=body, headers=headers)
        with lock:
            responses.append(response)

    threads = [threading.Thread(target=send, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return responses


def test_twenty_simultaneous_orders_with_one_new_email_make_one_customer(harness: Harness) -> None:
    bodies = [immediate_order(new_customer(SPELLINGS[i % 3], name=f"Buyer {i}")) for i in range(REQUESTS)]
    with BackgroundServer(harness.app) as server:
        responses = post_all_at_once(server.url, bodies)
    assert [r.status_code for r in responses] == [201] * REQUESTS, [
        r.text for r in responses if r.status_code != 201
    ]
    orders = [r.json() for r in responses]
    assert len({o["customer_id"] for o in orders}) == 1
    assert len({o["id"] for o in orders}) == len({o["number"] for o in orders}) == REQUESTS
    assert (stored(harness).customers, stored(harness).orders) == (1, REQUESTS)
    found = harness.client.get("/api/v1/customers", params={"email": "new@example.com"}).json()
    assert found["total"] == 1 and found["items"][0]["id"] == orders[0]["customer_id"]
