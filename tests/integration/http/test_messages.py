"""Messages a person understands: words instead of regular expressions, plain numbers, the real cause."""

from __future__ import annotations

from uuid import uuid4

from tests.integration.http.conftest import place
from tests.support.harness import API_KEY, Harness
from tests.support.order_data import draft, immediate_order, line, new_customer


def detail(response: object) -> str:
    assert response.status_code in (401, 404, 415, 422), response.text  # type: ignore[attr-defined]
    return str(response.json()["detail"])  # type: ignore[attr-defined]


def test_a_bad_channel_name_is_refused_in_words_not_with_the_regex(memory_harness: Harness) -> None:
    response = memory_harness.client.post(
        "/api/v1/channels", json={"name": "Ebay DE", "kind": "ebay", "settings": {}}
    )
    message = detail(response)
    assert message.startswith("name: 'Ebay DE' is not a channel name: use 1 to 63 lower-case letters")
    assert "'.', '_' or '-'" in message and "^" not in message and "{0,62}" not in message
    assert memory_harness.client.get("/api/v1/channels").json()["total"] == 0


def test_an_amount_out_of_range_is_shown_as_written_not_in_exponent_notation(memory_harness: Harness) -> None:
    response = memory_harness.client.post(
        "/api/v1/orders", json=immediate_order(lines=[line(unit_price="1e9")])
    )
    message = detail(response)
    assert message == "lines.0.unit_price: 1000000000 is out of range: an amount is at most 999999999.99"


def test_a_key_sent_without_bearer_is_not_called_missing_and_is_not_echoed(memory_harness: Harness) -> None:
    client = memory_harness.client
    bare = client.get("/api/v1/orders", headers={"Authorization": API_KEY})
    assert bare.status_code == 401
    assert bare.json()["detail"] == (
        "the Authorization header has no 'Bearer ' before the key: send 'Authorization: Bearer <api key>'"
    )
    assert API_KEY not in bare.text
    other = client.get("/api/v1/orders", headers={"Authorization": f"Token {API_KEY}"})
    assert other.json()["detail"].startswith("the Authorization header uses the scheme 'Token':")
    assert API_KEY not in other.text
    missing = client.get("/api/v1/orders", headers={"Authorization": ""})
    assert missing.json()["detail"].startswith("missing API key")
    empty_bearer = client.get("/api/v1/orders", headers={"Authorization": "Bearer "})
    assert empty_bearer.json()["detail"].startswith("missing API key")
    assert client.get("/api/v1/orders", headers={"Authorization": f"bearer {API_KEY}"}).status_code == 200


def test_a_form_encoded_body_is_told_to_be_json_not_a_dictionary(memory_harness: Harness) -> None:
    client = memory_harness.client
    form = client.post("/api/v1/orders", data={"currency": "EUR"})
    assert (form.status_code, detail(form)) == (
        415,
        "the body must be JSON sent with 'Content-Type: application/json' "
        "(got 'application/x-www-form-urlencoded')",
    )
    text = client.post("/api/v1/customers", content=b'{"name": "x"}', headers={"Content-Type": "text/plain"})
    assert (text.status_code, detail(text)) == (
        415,
        "the body must be JSON sent with 'Content-Type: application/json' (got 'text/plain')",
    )
    array = client.post("/api/v1/orders", json=[immediate_order()])
    assert detail(array) == "body: must be a JSON object ({...}), not an array or a single value"
    absent = client.post("/api/v1/orders")
    assert detail(absent) == "body: required: a JSON object (Content-Type: application/json)"
    for response in (form, text, array, absent):
        assert "dictionary" not in response.text
    assert client.get("/api/v1/orders").json()["total"] == 0


def test_a_customers_orders_are_listed_paged_like_the_order_list(harness: Harness) -> None:
    anna = place(harness)
    customer_id = anna["customer_id"]
    theirs = [anna["id"]]
    for n in range(3):
        harness.clock.advance(minutes=1)
        response = harness.client.post(
            f"/api/v1/customers/{customer_id}/orders", json=draft(note=f"order {n}")
        )
        assert response.status_code == 201, response.text
        theirs.append(response.json()["id"])
    place(harness, immediate_order(new_customer("bob@example.com", name="Bob")))  # someone else's

    url = f"/api/v1/customers/{customer_id}/orders"
    everything = harness.client.get(url, params={"sort": "created_at"})
    assert everything.status_code == 200, everything.text
    assert everything.json()["total"] == 4
    assert [o["id"] for o in everything.json()["items"]] == theirs
    assert {o["customer_id"] for o in everything.json()["items"]} == {customer_id}
    assert {o["source"]["kind"] for o in everything.json()["items"]} == {"immediate", "customer"}

    page = harness.client.get(url, params={"sort": "created_at", "limit": 2, "offset": 1}).json()
    assert page["total"] == 4 and [o["id"] for o in page["items"]] == theirs[1:3]
    filtered = harness.client.get(url, params={"status": "open"}).json()
    listed = harness.client.get("/api/v1/orders", params={"customer_id": customer_id, "status": "open"})
    assert filtered == listed.json()


def test_the_orders_of_an_unknown_customer_are_404_and_bad_paging_is_422(harness: Harness) -> None:
    missing = harness.client.get(f"/api/v1/customers/{uuid4()}/orders")
    assert missing.status_code == 404 and "customer" in missing.json()["detail"]
    customer_id = place(harness)["customer_id"]
    too_many = harness.client.get(f"/api/v1/customers/{customer_id}/orders", params={"limit": 501})
    assert too_many.status_code == 422 and too_many.json()["detail"].startswith("limit:")


def test_a_malformed_idempotency_key_is_refused_in_words(memory_harness: Harness) -> None:
    response = memory_harness.client.post(
        "/api/v1/orders", json=immediate_order(), headers={"Idempotency-Key": "has space"}
    )
    assert detail(response) == (
        "header.Idempotency-Key: must be 1 to 255 visible ASCII characters, without spaces (e.g. a UUID); "
        "got 9 characters"
    )
    assert "\\x21" not in response.text
    assert memory_harness.client.get("/api/v1/orders").json()["total"] == 0
