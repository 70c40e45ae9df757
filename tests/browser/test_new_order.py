"""Placing orders in Chromium: the Sofortauftrag with a new and with an existing customer, invalid
input, the running total, lines added and removed, and the Kundenauftrag from a customer's page
(CONSOLE.md "New immediate order", "Customers")."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.support import Browsing, LiveServer, assert_accessible

ORDER_PAGE = re.compile(r"/console/orders/([0-9a-f-]{36}|ORD-\d+)(\?.*)?$")


def customer(server: LiveServer, name: str, email: str, city: str = "Hamburg") -> dict[str, Any]:
    body = {
        "name": name,
        "email": email,
        "billing_address": {
            "name": name,
            "street": "Elbchaussee 5",
            "postal_code": "22765",
            "city": city,
            "country_code": "DE",
        },
    }
    with server.api() as api:
        made: dict[str, Any] = api.post("/customers", json=body).raise_for_status().json()
    return made


def orders_of(server: LiveServer, customer_id: str) -> list[dict[str, Any]]:
    with server.api() as api:
        items: list[dict[str, Any]] = (
            api.get(f"/customers/{customer_id}/orders").raise_for_status().json()["items"]
        )
    return items


def order_count(server: LiveServer) -> int:
    with server.api() as api:
        return int(api.get("/orders", params={"limit": 1}).raise_for_status().json()["total"])


def fill_line(page: Page, n: int, sku: str, title: str, quantity: str, price: str, tax: str = "19") -> None:
    page.get_by_label("SKU").nth(n).fill(sku)
    page.get_by_label("Title").nth(n).fill(title)
    page.get_by_label("Quantity").nth(n).fill(quantity)
    page.get_by_label("Unit price").nth(n).fill(price)
    page.get_by_label("Tax rate").nth(n).fill(tax)


def fill_new_customer(page: Page, name: str, email: str) -> None:
    page.get_by_label("New customer").check()
    page.get_by_label("Name", exact=True).first.fill(name)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Street").first.fill("Hauptstraße 1")
    page.get_by_label("Postal code").first.fill("10115")
    page.get_by_label("City").first.fill("Berlin")
    page.get_by_label("Country").first.select_option("DE")


def total(page: Page) -> str:
    return page.get_by_label("Total").or_(page.get_by_role("status")).first.inner_text()


def test_a_sofortauftrag_with_a_new_customer_opens_the_new_order(
    browsing: Browsing, server: LiveServer
) -> None:
    page = browsing.page("staff")
    page.goto("/console/orders")
    page.get_by_role("link", name="New order").click()
    expect(page).to_have_url(re.compile(r"/console/orders/new"))
    assert_accessible(page)
    fill_new_customer(page, "Klara Neu", "klara.neu@example.com")
    fill_line(page, 0, "MUG-1", "Tasse", "3", "19.99")
    page.get_by_label("Shipping cost").fill("4.90")
    expect(page.get_by_label("Currency")).to_have_value("EUR")
    page.get_by_role("button", name="Place order").click()
    expect(page).to_have_url(ORDER_PAGE)
    expect(page.get_by_role("heading", level=1)).to_contain_text("ORD-")
    expect(page.get_by_text("Klara Neu").first).to_be_visible()
    expect(page.get_by_text("€64.87").first).to_be_visible()
    history = page.get_by_role("region", name="History")
    expect(history).to_contain_text("staff")


def test_a_sofortauftrag_for_an_existing_customer_found_by_name(
    browsing: Browsing, server: LiveServer
) -> None:
    known = customer(server, "Bruno Bestand", "bruno@example.com")
    page = browsing.page("staff")
    page.goto("/console/orders/new")
    page.get_by_label("Find customer").fill("Bestand")
    option = page.get_by_role("option", name=re.compile("Bruno Bestand.*bruno@example.com"))
    option.click()
    fill_line(page, 0, "TEA-2", "Grüner Tee", "2", "7.50", "7")
    page.get_by_role("button", name="Place order").click()
    expect(page).to_have_url(ORDER_PAGE)
    (order,) = orders_of(server, known["id"])
    assert order["total"] == "15.00"


def test_new_data_with_a_known_e_mail_goes_to_its_customer_and_the_page_says_so(
    browsing: Browsing, server: LiveServer
) -> None:
    known = customer(server, "Carla Doppelt", "carla@example.com")
    page = browsing.page("staff")
    page.goto("/console/orders/new")
    fill_new_customer(page, "Carla D.", "Carla@Example.com")
    fill_line(page, 0, "MUG-1", "Tasse", "1", "19.99")
    page.get_by_role("button", name="Place order").click()
    expect(page).to_have_url(ORDER_PAGE)
    expect(page.get_by_text(re.compile("already", re.IGNORECASE)).first).to_be_visible()
    assert len(orders_of(server, known["id"])) == 1


def test_invalid_input_is_named_next_to_its_field_keeps_what_was_typed_and_stores_nothing(
    browsing: Browsing, server: LiveServer
) -> None:
    before = order_count(server)
    page = browsing.page("staff")
    page.goto("/console/orders/new")
    fill_new_customer(page, "Dora Fehler", "dora@example.com")
    fill_line(page, 0, "MUG-1", "Tasse", "0", "19.99")
    page.get_by_label("Note").fill("Bitte klingeln")
    page.get_by_role("button", name="Place order").click()
    expect(page).to_have_url(re.compile(r"/console/orders/new"))
    quantity = page.get_by_label("Quantity").first
    expect(quantity).to_have_value("0")
    expect(quantity).to_have_attribute("aria-invalid", "true")
    described = quantity.get_attribute("aria-describedby")
    assert described, "the message is not tied to its field"
    expect(page.locator(f"#{described.split()[0]}")).not_to_be_empty()
    expect(page.get_by_label("Name", exact=True).first).to_have_value("Dora Fehler")
    expect(page.get_by_label("E-mail")).to_have_value("dora@example.com")
    expect(page.get_by_label("Note")).to_have_value("Bitte klingeln")
    expect(page.get_by_label("Title").first).to_have_value("Tasse")
    assert order_count(server) == before
    assert_accessible(page)


def test_the_total_follows_typing_and_lines_are_added_and_removed(browsing: Browsing) -> None:
    page = browsing.page("staff")
    page.goto("/console/orders/new")
    fill_line(page, 0, "MUG-1", "Tasse", "3", "19.99")
    expect(page.get_by_text("€59.97").first).to_be_visible()
    page.get_by_label("Shipping cost").fill("4.90")
    expect(page.get_by_text("€64.87").first).to_be_visible()
    page.get_by_role("button", name="Add line").click()
    expect(page.get_by_label("SKU")).to_have_count(2)
    fill_line(page, 1, "TEA-2", "Tee", "2", "5.00")
    expect(page.get_by_text("€74.87").first).to_be_visible()
    page.get_by_role("button", name="Remove line").nth(1).click()
    expect(page.get_by_label("SKU")).to_have_count(1)
    expect(page.get_by_text("€64.87").first).to_be_visible()


def test_a_kundenauftrag_from_the_customers_page(browsing: Browsing, server: LiveServer) -> None:
    known = customer(server, "Emil Kunde", "emil@example.com", city="Köln")
    page = browsing.page("staff")
    page.goto("/console/customers")
    page.get_by_label("Search").fill("emil kunde")
    page.get_by_label("Search").press("Enter")
    page.get_by_role("link", name="Emil Kunde").click()
    assert_accessible(page)
    page.get_by_role("link", name="New order for this customer").click()
    expect(page.get_by_text("Emil Kunde").first).to_be_visible()
    expect(page.get_by_label("Find customer")).to_have_count(0)
    fill_line(page, 0, "POT-3", "Teekanne", "1", "49.00")
    page.get_by_role("button", name="Place order").click()
    expect(page).to_have_url(ORDER_PAGE)
    (order,) = orders_of(server, known["id"])
    assert order["source"]["kind"] == "customer"


def test_the_order_form_in_german(browsing: Browsing) -> None:
    page = browsing.page("staff", locale="de-DE")
    page.goto("/console/orders/new")
    assert page.locator("html").get_attribute("lang") == "de"
    assert_accessible(page)


def test_customers_are_found_by_city(browsing: Browsing, server: LiveServer) -> None:
    customer(server, "Frida Stadt", "frida@example.com", city="Köln")
    page = browsing.page("viewer")
    page.goto("/console/customers")
    for words in ("Köln", "KOELN"):
        page.get_by_label("Search").fill(words)
        page.get_by_label("Search").press("Enter")
        expect(page.get_by_role("link", name="Frida Stadt")).to_be_visible()
