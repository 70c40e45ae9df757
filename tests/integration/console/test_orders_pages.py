"""The orders list and the order page through the console, on every store."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.support.console import ConsoleBrowser
from tests.support.harness import Harness
from tests.support.order_data import immediate_order, new_customer


def place(h: Harness, **changes: Any) -> dict[str, Any]:
    response = h.client.post("/api/v1/orders", json=immediate_order(**changes))
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def rows(html: str) -> list[list[str]]:
    """The cells of the first table body of the page (none without a table)."""
    if "<tbody>" not in html:
        return []
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.DOTALL)
    ]


def history(html: str) -> list[list[str]]:
    return rows(html.split('id="history-heading"', 1)[1])


def test_the_list_shows_each_order_with_a_link_money_and_local_time(console: Harness) -> None:
    order = place(console)
    page = ConsoleBrowser.signed_in(console, "vera").get("/console/orders")
    assert page.status_code == 200
    for header in ("Order", "Date", "Customer", "Source", "Status"):
        assert f'<th scope="col">{header}</th>' in page.text
    assert '<th scope="col" class="num">Total</th>' in page.text
    assert rows(page.text) == [
        [
            order["number"],
            "Nov 2, 2026, 10:00:00\u202fAM",
            "Anna Schmidt",
            "Immediate order",
            "Open",
            "€64.87",
        ]
    ]
    assert f'<a href="/console/orders/{order["number"]}">' in page.text
    for label in ("Search", "Status", "Source", "From", "To"):
        assert re.search(rf'<label for="[^"]+">{label}</label>', page.text)


def test_german_list_money_dates_and_status_words(console: Harness) -> None:
    place(console)
    page = ConsoleBrowser.signed_in(console, "vera").get("/console/orders", headers={"Accept-Language": "de"})
    assert rows(page.text)[0][1:] == [
        "02.11.2026, 10:00:00",
        "Anna Schmidt",
        "Sofortauftrag",
        "Offen",
        "64,87\xa0€",
    ]
    assert ">Suche</label>" in page.text and ">Bestellung</th>" in page.text


def test_the_filters_are_in_the_url_and_page_through_the_list(memory_console: Harness) -> None:
    orders = [place(memory_console, shipping_cost=f"{n}.00") for n in range(52)]
    console = ConsoleBrowser.signed_in(memory_console, "bob")
    console.post(f"/console/orders/{orders[0]['number']}/paid")
    first = console.get("/console/orders?status=open")
    assert len(rows(first.text)) == 50
    assert "Orders 1 to 50 of 51" in first.text
    assert "Previous</a>" not in first.text
    next_link = re.search(r'<a href="([^"]+)" rel="next">Next</a>', first.text)
    assert next_link is not None
    second = console.get(next_link.group(1).replace("&amp;", "&"))
    assert [row[4] for row in rows(second.text)] == ["Open"]
    assert "status=open" in next_link.group(1) and "Previous</a>" in second.text
    paid = console.get("/console/orders?status=paid&source=immediate")
    assert [row[0] for row in rows(paid.text)] == [orders[0]["number"]]
    assert '<option value="paid" selected>' in paid.text
    none = console.get("/console/orders?source=customer")
    assert rows(none.text) == [] and "No orders match." in none.text
    assert [row[0] for row in rows(console.get(f"/console/orders?q={orders[3]['number'].lower()}").text)] == [
        orders[3]["number"]
    ]


def test_dates_are_whole_days_in_the_merchants_time_zone(memory_console: Harness) -> None:
    memory_console.clock.set(
        memory_console.clock.now().replace(hour=23, minute=30)
    )  # 00:30 on the 3rd in Berlin
    late = place(memory_console)
    browser = ConsoleBrowser.signed_in(memory_console, "vera")
    assert rows(browser.get("/console/orders?from=2026-11-02&to=2026-11-02").text) == []
    found = rows(browser.get("/console/orders?from=2026-11-03&to=2026-11-03").text)
    assert [row[0] for row in found] == [late["number"]]
    assert found[0][1] == "Nov 3, 2026, 12:30:00\u202fAM"


@pytest.mark.parametrize(
    ("query", "field"),
    [("from=yesterday", "from"), ("to=2026-13-01", "to"), ("status=lost", "status"), ("source=mars", "source"),
     ("from=2026-11-03&to=2026-11-02", "to")],
)  # fmt: skip
def test_bad_filters_say_which_field_and_keep_what_was_typed(
    signed_in: Callable[[str], ConsoleBrowser], query: str, field: str
) -> None:
    page = signed_in("vera").get(f"/console/orders?{query}")
    assert page.status_code == 400
    assert f'id="{field}-problem"' in page.text and 'role="alert"' in page.text


def test_the_order_page_shows_the_order(console: Harness) -> None:
    order = place(console, note="Bitte klingeln")
    page = ConsoleBrowser.signed_in(console, "vera").get(f"/console/orders/{order['number']}")
    assert page.status_code == 200
    assert re.search(rf"<h1>{order['number']} <span[^>]*>Open</span></h1>", page.text)
    assert '<td class="num" id="order-total">€64.87</td>' in page.text
    assert "Hauptstraße 1" in page.text and "Bitte klingeln" in page.text
    assert ConsoleBrowser.signed_in(console, "vera").get(f"/console/orders/{order['id']}").status_code == 200
    assert history(page.text) == [
        ["Nov 2, 2026, 10:00:00\u202fAM", "Placed as Immediate order", "API key ORDERHUB_API_KEY"]
    ]


def test_an_unknown_order_is_a_404_page(signed_in: Callable[[str], ConsoleBrowser]) -> None:
    browser = signed_in("vera")
    for reference in ("ORD-999", "00000000-0000-0000-0000-000000000000", "nonsense"):
        page = browser.get(f"/console/orders/{reference}")
        assert page.status_code == 404 and 'role="alert"' in page.text


def test_paid_then_shipped_through_the_page_with_the_users_name_in_the_history(console: Harness) -> None:
    order = place(console)
    staff = ConsoleBrowser.signed_in(console, "bob")
    page = staff.get(f"/console/orders/{order['number']}")
    assert ">Mark as paid</button>" in page.text and ">Confirm shipment</button>" in page.text
    paid = staff.post(f"/console/orders/{order['number']}/paid")
    assert paid.url.path == f"/console/orders/{order['number']}" and "Marked as paid." in paid.text
    assert ">Mark as paid</button>" not in paid.text  # the rules allow it no more
    shipped = staff.post(
        f"/console/orders/{order['number']}/shipped",
        {"carrier": "DHL", "tracking_number": "00340434161094042557"},
    )
    assert "DHL: 00340434161094042557" in shipped.text
    assert console.order(order["id"])["status"] == "shipped"
    assert [row[1:] for row in history(shipped.text)][1:] == [
        ["Status changed from Open to Paid", "bob"],
        ["Status changed from Paid to Shipped (carrier DHL, tracking number 00340434161094042557)", "bob"],
    ]
    events = console.events(order["id"])
    assert events[-1]["actor"] == {"kind": "user", "name": "bob"}
    assert ">Confirm cancellation</button>" not in shipped.text


def test_a_refused_change_says_why_keeps_what_was_typed_and_changes_nothing(console: Harness) -> None:
    order = place(console)
    staff = ConsoleBrowser.signed_in(console, "bob")
    staff.get(f"/console/orders/{order['number']}")
    before = console.events(order["id"])
    refused = staff.post(f"/console/orders/{order['number']}/cancelled", {"reason": "  "})
    assert refused.status_code == 409
    assert "Nothing was changed: reason: a cancellation needs a reason" in refused.text
    half = staff.post(f"/console/orders/{order['number']}/shipped", {"carrier": "DHL", "tracking_number": ""})
    assert half.status_code == 409 and 'value="DHL"' in half.text
    staff.post(f"/console/orders/{order['number']}/cancelled", {"reason": "Kunde hat storniert"})
    after_cancel = console.events(order["id"])
    again = staff.post(f"/console/orders/{order['number']}/paid")  # a forced POST the page no longer offers
    assert again.status_code == 409 and "a cancelled order changes no more" in again.text
    assert len(console.events(order["id"])) == len(after_cancel) == len(before) + 1


def test_a_viewer_sees_no_action_and_a_forced_post_is_refused(console: Harness) -> None:
    order = place(console)
    viewer = ConsoleBrowser.signed_in(console, "vera")
    page = viewer.get(f"/console/orders/{order['number']}")
    assert "<button" in page.text  # Sign out, the language
    for label in ("Mark as paid", "Confirm shipment", "Confirm cancellation", "New order"):
        assert label not in page.text
    for action in ("paid", "shipped", "cancelled"):
        refused = viewer.post(f"/console/orders/{order['number']}/{action}", {"reason": "x"})
        assert refused.status_code == 403
    assert len(console.events(order["id"])) == 1


def test_an_action_without_the_csrf_token_is_refused(signed_in: Callable[[str], ConsoleBrowser],
                                                     memory_console: Harness) -> None:  # fmt: skip
    order = place(memory_console)
    staff = signed_in("bob")
    response = staff.client.post(f"/console/orders/{order['number']}/paid", data={})
    assert response.status_code == 403
    assert memory_console.order(order["id"])["status"] == "open"


def test_a_customer_with_another_name_is_shown_by_theirs(memory_console: Harness) -> None:
    place(memory_console, customer=new_customer("karl@example.com", name="Karl Müller"))
    page = ConsoleBrowser.signed_in(memory_console, "vera").get("/console/orders")
    assert rows(page.text)[0][2] == "Karl Müller"


def test_search_finds_orders_by_customer_street_and_number_with_german_folding(console: Harness) -> None:
    anna = place(console)
    karl = place(console, customer=new_customer("karl@example.com", name="Karl Müller"))
    browser = ConsoleBrowser.signed_in(console, "vera")

    def found(q: str) -> list[str]:
        return [row[0] for row in rows(browser.get("/console/orders", params={"q": q}).text)]

    assert found("MUELLER") == [karl["number"]]
    assert sorted(found("hauptstrasse")) == [anna["number"], karl["number"]]  # both live there
    assert found(anna["number"].lower()) == [anna["number"]]
    page = browser.get("/console/orders", params={"q": "mueller"})
    assert 'value="mueller"' in page.text  # the search stays in its field (and in the URL)


def test_notes_and_an_address_correction_through_the_page(console: Harness) -> None:
    order = place(console)
    staff = ConsoleBrowser.signed_in(console, "bob")
    page = staff.get(f"/console/orders/{order['number']}")
    assert (
        '<label for="order-note">Note</label>' in page.text
        and '<label for="ship-street">Street</label>' in page.text
    )
    noted = staff.post(f"/console/orders/{order['number']}/notes", {"note": "Kundin ruft zurück"})
    assert "The note is added." in noted.text and "Kundin ruft zurück" in noted.text
    empty = staff.post(f"/console/orders/{order['number']}/notes", {"note": "  "})
    assert empty.status_code == 409 and "Nothing was changed" in empty.text
    address = {"name": "Anna Schmidt", "street": "Nebenstraße 5", "postal_code": "10117", "city": "Berlin",
               "country_code": "DE"}  # fmt: skip
    corrected = staff.post(f"/console/orders/{order['number']}/shipping-address", address)
    assert "The shipping address is corrected." in corrected.text and "Nebenstraße 5" in corrected.text
    bad = staff.post(f"/console/orders/{order['number']}/shipping-address", {**address, "country_code": "XX"})
    assert bad.status_code == 409 and 'value="XX"' in bad.text  # kept what was typed
    assert console.order(order["id"])["shipping_address"]["street"] == "Nebenstraße 5"
    words = [row[1:] for row in history(corrected.text)]
    assert ["Note: Kundin ruft zurück", "bob"] in words
    assert ["Shipping address corrected to Anna Schmidt, Nebenstraße 5, 10117 Berlin, DE", "bob"] in words
    staff.post(f"/console/orders/{order['number']}/shipped", {"carrier": "DHL", "tracking_number": "1"})
    shipped = staff.get(f"/console/orders/{order['number']}")
    assert "Correct the shipping address" not in shipped.text  # the domain's rule: the parcel has left
    late = staff.post(f"/console/orders/{order['number']}/shipping-address", address | {"street": "X 1"})
    assert late.status_code == 409 and "cannot be corrected any more" in late.text
    viewer = ConsoleBrowser.signed_in(console, "vera")
    assert "Add note" not in viewer.get(f"/console/orders/{order['number']}").text
    assert viewer.post(f"/console/orders/{order['number']}/notes", {"note": "x"}).status_code == 403


def test_the_order_page_in_german(memory_console: Harness) -> None:
    order = place(memory_console)
    staff = ConsoleBrowser.signed_in(memory_console, "bob")
    staff.post("/console/language", {"language": "de", "back": "/console"})
    page = staff.get(f"/console/orders/{order['number']}")
    for label in ("Als bezahlt markieren", "Versand bestätigen", "Stornierung bestätigen", "Verlauf"):
        assert label in page.text
    assert '<td class="num" id="order-total">64,87\xa0€</td>' in page.text
    assert '<label for="carrier">Versanddienstleister</label>' in page.text
    paid = staff.post(f"/console/orders/{order['number']}/paid")
    assert "Als bezahlt markiert." in paid.text
    assert ["Status von Offen auf Bezahlt geändert", "bob"] in [row[1:] for row in history(paid.text)]
    assert "02.11.2026, 10:00:00" in paid.text


ACTION_BUTTONS = ("Mark as paid", "Mark as shipped", "Cancel order")


def action_buttons(html: str) -> list[str]:
    """The labels of the page's action buttons (CONSOLE.md "Order"), in page order."""
    return [label for label in re.findall(r"<button[^>]*>([^<]+)</button>", html) if label in ACTION_BUTTONS]


def test_the_actions_shown_are_the_ones_the_status_rules_allow(console: Harness) -> None:
    shipped, cancelled = place(console), place(console)
    staff = ConsoleBrowser.signed_in(console, "bob")
    assert action_buttons(staff.get(f"/console/orders/{shipped['number']}").text) == list(ACTION_BUTTONS)
    staff.post(f"/console/orders/{shipped['number']}/shipped", {"carrier": "DHL", "tracking_number": "1"})
    page = staff.get(f"/console/orders/{shipped['number']}")
    assert console.order(shipped["id"])["status"] == "shipped"
    assert action_buttons(page.text) == []
    for gone in (
        "Mark as shipped",
        "Confirm shipment",
        "Cancel order",
        "Confirm cancellation",
        'id="carrier"',
    ):
        assert gone not in page.text
    staff.post(f"/console/orders/{cancelled['number']}/cancelled", {"reason": "Kunde hat storniert"})
    page = staff.get(f"/console/orders/{cancelled['number']}")
    assert console.order(cancelled["id"])["status"] == "cancelled"
    assert action_buttons(page.text) == [] and ">Actions</h2>" not in page.text


def test_an_action_with_fields_is_a_button_that_opens_them_without_javascript(
    memory_console: Harness,
) -> None:
    order = place(memory_console)
    staff = ConsoleBrowser.signed_in(memory_console, "bob")
    closed = staff.get(f"/console/orders/{order['number']}").text
    opener = re.search(r'<form method="get" action="([^"#]+)#ship-fields" class="opener">\s*'
                       r'<input type="hidden" name="open" value="(\w+)">\s*<button type="submit"([^>]*)>Mark as shipped',
                       closed)  # fmt: skip
    assert opener is not None, "Mark as shipped is no button of its own"
    assert 'aria-expanded="false"' in opener.group(3) and 'aria-controls="ship-fields"' in opener.group(3)
    assert re.search(r'id="ship-fields" hidden>', closed) and re.search(r'id="cancel-fields" hidden>', closed)
    opened = staff.get(opener.group(1), params={"open": opener.group(2)}).text
    assert re.search(r'id="ship-fields">', opened) and re.search(r'id="cancel-fields" hidden>', opened)
    assert 'aria-expanded="true" data-opens="ship-fields">Mark as shipped' in opened
    assert re.search(
        r'id="ship-fields" hidden>', staff.get(opener.group(1), params={"open": "nonsense"}).text
    )
    refused = staff.post(f"/console/orders/{order['number']}/cancelled", {"reason": " "})
    assert refused.status_code == 409 and re.search(
        r'id="cancel-fields">', refused.text
    )  # what was typed shows
