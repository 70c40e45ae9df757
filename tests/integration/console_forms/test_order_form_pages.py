"""The console's new order form (Sofortauftrag) and the order started from a customer (Kundenauftrag)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

import httpx

from domain.staff_account import Role
from tests.integration.console_forms.forms_support import Browser
from tests.support.harness import Harness

ANNA = [
    ("name", "Anna Schmidt"),
    ("email", "anna@example.com"),
    ("phone", ""),
    ("company", ""),
    ("street", "Hauptstr. 1"),
    ("postal_code", "10115"),
    ("city", "Berlin"),
    ("country", "DE"),
]
MUG = [("sku", "MUG-1"), ("title", "Tasse"), ("quantity", "3"), ("unit_price", "19.99"), ("tax_rate", "19")]


def order_form(
    *lines: list[tuple[str, str]], customer: list[tuple[str, str]] | None = None, **more: str
) -> list[tuple[str, str]]:
    pairs = [("new_customer", "1"), *ANNA] if customer is None else list(customer)
    for line in lines or (MUG,):
        pairs += line
    pairs += [
        ("shipping_cost", "4.90"),
        ("currency", "EUR"),
        ("note", ""),
        ("request_key", str(uuid.uuid4())),
    ]
    return pairs + list(more.items())


def placed_id(answer: httpx.Response) -> str:
    assert answer.status_code == 303, answer.text
    found = re.fullmatch(r"/console/orders/([0-9a-f-]{36})", answer.headers["location"])
    assert found, answer.headers["location"]
    return found[1]


def error_next_to(page: str, field_id: str) -> str:
    """The message of the field's error element, which the input names in aria-describedby."""
    assert re.search(
        rf'id="{re.escape(field_id)}"[^>]*aria-describedby="{re.escape(field_id)}-error"', page
    ), field_id
    found = re.search(rf'id="{re.escape(field_id)}-error" role="alert">([^<]*)<', page)
    assert found, f"no error next to {field_id}"
    return found[1]


def test_the_form_shows_every_label_of_the_contract(browser: Callable[..., Browser]) -> None:
    page = browser().get("/console/orders/new").text
    for label in (
        "Find customer",
        "New customer",
        "Name",
        "E-mail",
        "Phone",
        "Company",
        "Street",
        "Postal code",
        "City",
        "Country",
        "SKU",
        "Title",
        "Quantity",
        "Unit price",
        "Tax rate",
        "Shipping cost",
        "Currency",
        "Note",
        "Ship to a different address",
        "Total",
    ):
        assert f">{label}</label>" in page or f">{label}</span>" in page, label
    for button in ("Add line", "Place order"):
        assert f">{button}</button>" in page
    assert 'id="currency" name="currency" type="text" value="EUR"' in page


def test_placing_an_order_with_a_new_customer_opens_the_new_order(
    console: Harness, browser: Callable[..., Browser]
) -> None:
    staff = browser()
    order_id = placed_id(staff.post("/console/orders/new", order_form()))
    order = console.order(order_id)
    assert order["source"]["kind"] == "immediate" and order["total"] == "64.87"
    page = staff.get(f"/console/orders/{order_id}").text
    assert order["number"] in page and "belongs to a customer already" not in page
    assert order["billing_address"]["name"] == "Anna Schmidt" and order["lines"][0]["sku"] == "MUG-1"
    events = console.events(order_id)
    assert events[0]["actor"] == {"kind": "user", "name": "bob"}


def test_invalid_input_shows_the_message_next_to_the_field_keeps_what_was_typed_and_stores_nothing(
    browser: Callable[..., Browser],
) -> None:
    staff = browser()
    wrong = [
        ("sku", "MUG-1"),
        ("title", "Tasse"),
        ("quantity", "3"),
        ("unit_price", "19.999"),
        ("tax_rate", "19"),
    ]
    answer = staff.post("/console/orders/new", order_form(MUG, wrong))
    assert answer.status_code == 422
    assert "more than two decimal places" in error_next_to(answer.text, "unit_price-1")
    assert 'value="19.999"' in answer.text and 'value="Anna Schmidt"' in answer.text
    assert staff.total("orders") == 0 and staff.total("customers") == 0


def test_a_blank_city_is_required_next_to_the_city(browser: Callable[..., Browser]) -> None:
    staff = browser()
    customer = [("new_customer", "1"), *[(k, "" if k == "city" else v) for k, v in ANNA]]
    answer = staff.post("/console/orders/new", order_form(customer=customer))
    assert answer.status_code == 422
    assert error_next_to(answer.text, "billing_city") == "Required"
    assert staff.total("orders") == 0


def test_new_data_with_a_known_email_goes_to_that_customer_and_the_page_says_so(
    console: Harness, browser: Callable[..., Browser]
) -> None:
    staff = browser()
    first = console.order(placed_id(staff.post("/console/orders/new", order_form())))
    answer = staff.post(
        "/console/orders/new",
        order_form(customer=[("new_customer", "1"), *ANNA[:1], ("email", "ANNA@example.com"), *ANNA[2:]]),
    )
    second = console.order(placed_id(answer))
    assert second["customer_id"] == first["customer_id"]
    page = staff.get(answer.headers["location"]).text
    assert "The e-mail belongs to a customer already, so the order went to that customer." in page
    assert "belongs to a customer already" not in staff.get(answer.headers["location"]).text  # said once
    assert staff.total("customers") == 1


def test_a_customer_found_by_search_is_put_on_the_order(
    console: Harness, browser: Callable[..., Browser]
) -> None:
    staff = browser()
    first = console.order(placed_id(staff.post("/console/orders/new", order_form())))
    matches = staff.get("/console/orders/new/customers", params={"customer_query": "schmidt"})
    assert (
        f'<option value="{first["customer_id"]}"' in matches.text
        and "Anna Schmidt (anna@example.com)" in matches.text
    )
    answer = staff.post("/console/orders/new", order_form(customer=[("customer_id", first["customer_id"])]))
    second = console.order(placed_id(answer))
    assert second["customer_id"] == first["customer_id"] and second["source"]["kind"] == "immediate"


def test_without_javascript_search_customers_lists_the_matches_in_the_form(
    console: Harness, browser: Callable[..., Browser]
) -> None:
    staff = browser()
    console.order(placed_id(staff.post("/console/orders/new", order_form())))
    page = staff.post("/console/orders/new", [("customer_query", "anna"), ("action", "find"), *MUG])
    assert page.status_code == 200 and "Anna Schmidt (anna@example.com)" in page.text
    assert 'value="Tasse"' in page.text


def test_without_a_customer_the_form_asks_for_one(browser: Callable[..., Browser]) -> None:
    staff = browser()
    answer = staff.post("/console/orders/new", order_form(customer=[]))
    assert answer.status_code == 422 and "Choose a customer or tick New customer" in answer.text
    assert staff.total("orders") == 0


def test_add_line_and_remove_line_show_the_form_again_with_everything_typed(
    browser: Callable[..., Browser],
) -> None:
    staff = browser()
    added = staff.post("/console/orders/new", order_form(MUG, action="add_line"))
    assert added.status_code == 200
    assert (
        'id="title-1"' in added.text
        and 'value="Tasse"' in added.text
        and 'value="Anna Schmidt"' in added.text
    )
    second = [("sku", "B"), ("title", "Teller"), ("quantity", "1"), ("unit_price", "5.00"), ("tax_rate", "")]
    removed = staff.post("/console/orders/new", order_form(MUG, second, remove_line="0"))
    assert 'value="Teller"' in removed.text and 'value="Tasse"' not in removed.text
    assert staff.total("orders") == 0


def test_the_running_total_is_the_domains_total_of_what_was_typed(browser: Callable[..., Browser]) -> None:
    staff = browser()
    total = staff.get(
        "/console/orders/new/total", params=dict([*MUG, ("shipping_cost", "4.90"), ("currency", "EUR")])
    )
    assert total.status_code == 200 and total.text.strip() == "€64.87"
    german = browser(language="de").get("/console/orders/new/total", params=dict([*MUG, ("currency", "EUR")]))
    assert german.text.strip() == "59,97\xa0€"


def test_the_same_form_sent_twice_places_one_order(browser: Callable[..., Browser]) -> None:
    staff = browser()
    form = order_form()
    first, again = staff.post("/console/orders/new", form), staff.post("/console/orders/new", form)
    assert placed_id(first) == placed_id(again)
    assert staff.total("orders") == 1


def test_an_order_for_a_customer_is_a_customer_order(
    console: Harness, browser: Callable[..., Browser]
) -> None:
    staff = browser()
    customer_id = console.order(placed_id(staff.post("/console/orders/new", order_form())))["customer_id"]
    number = console.client.get(f"/api/v1/customers/{customer_id}").json()["number"]
    page = staff.get(f"/console/customers/{number}/orders/new")
    assert page.status_code == 200 and "Anna Schmidt" in page.text and "Find customer" not in page.text
    answer = staff.post(f"/console/customers/{number}/orders/new", order_form(customer=[]))
    order = console.order(placed_id(answer))
    assert order["source"]["kind"] == "customer" and order["customer_id"] == customer_id


def test_a_viewer_may_not_place_orders(browser: Callable[..., Browser]) -> None:
    viewer = browser(Role.VIEWER)
    assert viewer.get("/console/orders/new").status_code == 403
    assert viewer.post("/console/orders/new", order_form()).status_code == 403
    assert viewer.total("orders") == 0


def test_a_form_without_the_csrf_token_is_refused(browser: Callable[..., Browser]) -> None:
    staff = browser()
    assert staff.post("/console/orders/new", order_form(), csrf=False).status_code == 403
    assert staff.total("orders") == 0


def test_the_form_speaks_german(browser: Callable[..., Browser]) -> None:
    page = browser(language="de").get("/console/orders/new").text
    for label in (
        "Kunde suchen",
        "Neuer Kunde",
        "Artikelnummer",
        "Menge",
        "Einzelpreis",
        "Steuersatz",
        "Versandkosten",
        "Währung",
        "Position hinzufügen",
        "Auftrag aufgeben",
        "Gesamt",
    ):
        assert label in page, label


def test_each_label_names_one_field_the_shipping_ones_through_their_heading(
    browser: Callable[..., Browser],
) -> None:
    page = browser().get("/console/orders/new").text
    assert (
        'id="ship_street" name="ship_street" type="text" value="" aria-labelledby="shipping-legend ship_street-label"'
        in page
    )
    assert 'aria-labelledby="billing_street' not in page
    assert re.search(
        r'<select id="billing_country" name="country"[^>]*>.*?<option value="DE" selected>Germany</option>',
        page,
        re.DOTALL,
    )
    german = browser(language="de").get("/console/orders/new").text
    assert '<option value="DE" selected>Deutschland</option>' in german
