"""Customers over HTTP: register, read, search, and customer orders (Kundenauftrag)."""

from __future__ import annotations

import unicodedata
from uuid import uuid4

from tests.integration.http.conftest import place, stored
from tests.support.harness import Harness
from tests.support.order_data import ADDRESS, draft, immediate_order, new_customer

CUSTOMER_FIELDS = {
    "id", "number", "name", "email", "phone", "company", "billing_address", "shipping_address",
    "channel_identities", "created_at",
}  # fmt: skip


def test_a_customer_is_registered_with_the_documented_shape(harness: Harness) -> None:
    response = harness.client.post(
        "/api/v1/customers", json=new_customer(phone="+49 30 1234", company="ACME")
    )
    assert response.status_code == 201
    customer = response.json()
    assert set(customer) >= CUSTOMER_FIELDS
    assert customer["billing_address"]["country_code"] == "DE"
    assert (customer["phone"], customer["company"], customer["channel_identities"]) == (
        "+49 30 1234",
        "ACME",
        [],
    )


def test_a_customer_can_be_read_back(harness: Harness) -> None:
    created = harness.client.post("/api/v1/customers", json=new_customer()).json()
    assert harness.client.get(f"/api/v1/customers/{created['id']}").json() == created


def test_an_unknown_customer_is_404(harness: Harness) -> None:
    response = harness.client.get(f"/api/v1/customers/{uuid4()}")
    assert response.status_code == 404 and "customer" in response.json()["detail"]


def test_registering_a_taken_email_is_409_with_the_owners_id(harness: Harness) -> None:
    owner = harness.client.post("/api/v1/customers", json=new_customer("anna@example.com")).json()
    before = stored(harness)
    response = harness.client.post("/api/v1/customers", json=new_customer(" Anna@EXAMPLE.com", name="Other"))
    assert response.status_code == 409
    assert response.json()["customer_id"] == owner["id"]
    assert stored(harness).events == before.events


def test_registering_a_taken_email_in_another_unicode_form_is_409(harness: Harness) -> None:
    nfc, nfd = (unicodedata.normalize(form, "Jürgen.N@example.de") for form in ("NFC", "NFD"))
    owner = harness.client.post("/api/v1/customers", json=new_customer(nfc)).json()
    response = harness.client.post("/api/v1/customers", json=new_customer(nfd.upper()))
    assert response.status_code == 409 and response.json()["customer_id"] == owner["id"]


def test_an_email_that_an_immediate_order_introduced_is_taken_too(harness: Harness) -> None:
    order = place(harness)
    response = harness.client.post("/api/v1/customers", json=new_customer("anna@example.com"))
    assert response.status_code == 409 and response.json()["customer_id"] == order["customer_id"]


def test_customers_are_searched_by_normalised_email(harness: Harness) -> None:
    anna = harness.client.post("/api/v1/customers", json=new_customer("anna@example.com")).json()
    harness.client.post("/api/v1/customers", json=new_customer("bernd@example.com", name="Bernd"))
    page = harness.client.get("/api/v1/customers", params={"email": "  ANNA@example.com"}).json()
    assert page["total"] == 1 and [c["id"] for c in page["items"]] == [anna["id"]]


def test_customers_are_searched_by_text_in_name_company_or_number(harness: Harness) -> None:
    bernd = harness.client.post(
        "/api/v1/customers", json=new_customer("bernd@example.com", name="Bernd Holz", company="Holzwerk AG")
    ).json()
    harness.client.post("/api/v1/customers", json=new_customer("anna@example.com"))
    for text in ("holzwerk", "BERND", bernd["number"]):
        page = harness.client.get("/api/v1/customers", params={"q": text}).json()
        assert [c["id"] for c in page["items"]] == [bernd["id"]], text


def test_a_search_with_sql_wildcards_matches_them_literally_or_not_at_all(harness: Harness) -> None:
    harness.client.post("/api/v1/customers", json=new_customer("anna@example.com"))
    page = harness.client.get("/api/v1/customers", params={"q": "zz%"}).json()
    assert page["total"] == 0


def test_the_customer_list_pages(harness: Harness) -> None:
    for i in range(4):
        harness.client.post("/api/v1/customers", json=new_customer(f"c{i}@example.com"))
    page = harness.client.get("/api/v1/customers", params={"limit": 3, "offset": 2}).json()
    assert page["total"] == 4 and len(page["items"]) == 2


def test_a_customer_order_is_placed_from_the_customer_record(harness: Harness) -> None:
    customer = harness.client.post("/api/v1/customers", json=new_customer()).json()
    response = harness.client.post(f"/api/v1/customers/{customer['id']}/orders", json=draft())
    assert response.status_code == 201
    order = response.json()
    assert order["source"] == {
        "kind": "customer",
        "channel": None,
        "external_id": None,
        "external_number": None,
    }
    assert order["customer_id"] == customer["id"] and order["total"] == "64.87"
    assert order["billing_address"]["street"] == ADDRESS["street"]


def test_a_customer_order_for_an_unknown_customer_is_404_and_stores_nothing(harness: Harness) -> None:
    before = stored(harness)
    response = harness.client.post(f"/api/v1/customers/{uuid4()}/orders", json=draft())
    assert response.status_code == 404
    assert stored(harness) == before


def test_a_customer_order_body_must_not_name_another_customer(harness: Harness) -> None:
    customer = harness.client.post("/api/v1/customers", json=new_customer()).json()
    response = harness.client.post(f"/api/v1/customers/{customer['id']}/orders", json=immediate_order())
    assert response.status_code == 422 and "customer" in response.json()["detail"]
