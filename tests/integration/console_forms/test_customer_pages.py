"""The console's customer pages: the list and its search, New customer, a customer's page."""

from __future__ import annotations

import re
from collections.abc import Callable

from domain.staff_account import Role
from tests.integration.console_forms.forms_support import Browser
from tests.support.harness import Harness
from tests.support.order_data import immediate_order

BERND = {
    "name": "Bernd Meier",
    "email": "bernd@example.com",
    "phone": "+49 30 1234",
    "company": "Meier GmbH",
    "street": "Lindenweg 5",
    "postal_code": "20095",
    "city": "Hamburg",
    "country": "de",
}


def created_number(answer_location: str) -> str:
    """The new customer's page is named by its number."""
    found = re.fullmatch(r"/console/customers/(CUS-\d+)", answer_location)
    assert found, answer_location
    return found[1]


def test_creating_a_customer_opens_their_page(console: Harness, browser: Callable[..., Browser]) -> None:
    staff = browser()
    form = staff.get("/console/customers/new").text
    for label in ("Name", "E-mail", "Phone", "Company", "Street", "Postal code", "City", "Country"):
        assert f">{label}</label>" in form, label
    assert ">Create customer</button>" in form
    answer = staff.post("/console/customers/new", BERND)
    assert answer.status_code == 303
    stored = console.client.get(f"/api/v1/customers/{created_number(answer.headers['location'])}").json()
    assert (
        stored["billing_address"]["city"] == "Hamburg" and stored["billing_address"]["country_code"] == "DE"
    )
    page = staff.get(answer.headers["location"]).text
    assert "Bernd Meier" in page and "Meier GmbH" in page and ">New order for this customer</a>" in page


def test_a_taken_email_links_to_its_owner_and_stores_nothing(
    console: Harness, browser: Callable[..., Browser]
) -> None:
    staff = browser()
    number = created_number(staff.post("/console/customers/new", BERND).headers["location"])
    owner = console.client.get(f"/api/v1/customers/{number}").json()["id"]
    answer = staff.post(
        "/console/customers/new", {**BERND, "name": "Someone Else", "email": "BERND@example.com"}
    )
    assert answer.status_code == 409
    assert 'id="billing_email-error" role="alert">This e-mail belongs to a customer already<' in answer.text
    assert f'href="/console/customers/{owner}"' in answer.text and 'value="Someone Else"' in answer.text
    assert staff.total("customers") == 1


def test_invalid_customer_data_is_shown_next_to_the_field(browser: Callable[..., Browser]) -> None:
    staff = browser()
    answer = staff.post("/console/customers/new", {**BERND, "country": "XX", "email": "not-an-address"})
    assert answer.status_code == 422
    assert 'id="billing_country-error"' in answer.text and "ISO 3166-1" in answer.text
    assert 'id="billing_email-error"' in answer.text and 'value="Lindenweg 5"' in answer.text
    assert staff.total("customers") == 0


def test_the_list_shows_name_email_city_and_order_count_and_searches(
    console: Harness, browser: Callable[..., Browser]
) -> None:
    staff = browser()
    anna = console.client.post("/api/v1/orders", json=immediate_order()).json()["customer_id"]
    anna_number = console.client.get(f"/api/v1/customers/{anna}").json()["number"]
    console.client.post(
        f"/api/v1/customers/{anna}/orders",
        json={k: v for k, v in immediate_order().items() if k != "customer"},
    )
    staff.post("/console/customers/new", BERND)
    page = staff.get("/console/customers").text
    for header in ("Customer", "E-mail", "City", "Orders"):
        assert f'<th scope="col">{header}</th>' in page
    row = re.search(rf'href="/console/customers/{anna_number}">Anna Schmidt</a>.*?</tr>', page, re.DOTALL)
    assert row and "anna@example.com" in row[0] and "<td>Berlin</td>" in row[0] and "<td>2</td>" in row[0]
    found = staff.get("/console/customers", params={"q": "meier"}).text
    assert "Bernd Meier" in found and "Anna Schmidt" not in found


def test_a_customers_page_lists_their_orders(console: Harness, browser: Callable[..., Browser]) -> None:
    order = console.client.post("/api/v1/orders", json=immediate_order()).json()
    number = console.client.get(f"/api/v1/customers/{order['customer_id']}").json()["number"]
    page = browser().get(f"/console/customers/{number.lower()}").text  # a number in any case, or the id
    assert f'href="/console/orders/{order["id"]}">{order["number"]}</a>' in page
    assert "€64.87" in page and "Channel identities" in page


def test_a_viewer_sees_no_new_customer_or_new_order_and_may_not_create(
    console: Harness, browser: Callable[..., Browser]
) -> None:
    order = console.client.post("/api/v1/orders", json=immediate_order()).json()
    viewer = browser(Role.VIEWER)
    assert "New customer" not in viewer.get("/console/customers").text
    assert "New order for this customer" not in viewer.get(f"/console/customers/{order['customer_id']}").text
    assert viewer.post("/console/customers/new", BERND).status_code == 403
    assert viewer.total("customers") == 1


def test_creating_without_the_csrf_token_is_refused(browser: Callable[..., Browser]) -> None:
    staff = browser()
    assert staff.post("/console/customers/new", BERND, csrf=False).status_code == 403
    assert staff.total("customers") == 0


def test_the_customer_pages_speak_german(browser: Callable[..., Browser]) -> None:
    german = browser(language="de")
    page = german.get("/console/customers/new").text
    for label in ("E-Mail", "Telefon", "Firma", "Straße", "Postleitzahl", "Ort", "Land", "Kunden anlegen"):
        assert label in page, label
    assert "Neuer Kunde" in german.get("/console/customers").text


def test_an_admin_erases_a_customer_from_their_page_once_no_order_is_open(
    console: Harness, browser: Callable[..., Browser]
) -> None:
    order = console.client.post("/api/v1/orders", json=immediate_order()).json()
    page_path = f"/console/customers/{order['customer_id']}"
    admin, staff = browser(Role.ADMIN), browser()
    assert ">Erase customer</button>" in admin.get(page_path).text
    assert "Erase customer" not in staff.get(page_path).text
    assert staff.post(f"{page_path}/erase", {"reason": "request by letter"}).status_code == 403
    assert admin.post(f"{page_path}/erase", {"reason": "  "}).status_code == 422
    refused = admin.post(f"{page_path}/erase", {"reason": "request by letter"})
    assert refused.status_code == 409 and order["number"] in refused.text and 'role="alert"' in refused.text
    assert console.client.get(f"/api/v1/customers/{order['customer_id']}").json().get("erased_at") is None
    cancelled = {"status": "cancelled", "reason": "buyer withdrew"}
    assert console.client.post(f"/api/v1/orders/{order['id']}/status", json=cancelled).status_code == 200
    assert admin.post(f"{page_path}/erase", {"reason": "request by letter"}, csrf=False).status_code == 403
    erased = admin.post(f"{page_path}/erase", {"reason": "request by letter"})
    assert erased.status_code == 303
    customer = console.client.get(f"/api/v1/customers/{order['customer_id']}").json()
    assert customer["erased_at"] is not None and customer["name"] is None
    shown = admin.get(erased.headers["location"]).text
    assert "Erased customer" in shown and "Erase customer</button>" not in shown
