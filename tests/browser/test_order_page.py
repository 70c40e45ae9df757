"""An order's page in Chromium: paid, shipped with tracking, a cancellation the rules refuse, the
history with who did it, and what a viewer may not do (CONSOLE.md "Order")."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from tests.browser.support import Browsing, LiveServer, assert_accessible, hidden_fields
from tools.live_console import sample_order

ACTIONS = ("Mark as paid", "Mark as shipped", "Cancel order")


def placed(server: LiveServer, name: str = "Anna Schmidt", email: str = "anna@example.com") -> dict[str, Any]:
    """An open order of 3 × 19.99 + 4.90 = 64.87 EUR, placed over the API."""
    with server.api() as api:
        order: dict[str, Any] = (
            api.post("/orders", json=sample_order(name, email, ("MUG-1", "Tasse", 3, "19.99")))
            .raise_for_status()
            .json()
        )
    return order


def status_of(server: LiveServer, order_id: str) -> str:
    with server.api() as api:
        return str(api.get(f"/orders/{order_id}").raise_for_status().json()["status"])


def open_order_page(page: Page, order: dict[str, Any]) -> None:
    page.goto(f"/console/orders/{order['id']}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(order["number"])


def start(page: Page, action: str) -> None:
    """Opens an action that asks for fields first: its button shows them."""
    button = page.get_by_role("button", name=action, exact=True)
    expect(button).to_have_attribute("aria-expanded", "false")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")


def action_url(page: Page, button: str) -> str:
    """Where the form of an action button posts to."""
    url: str = page.get_by_role("button", name=button, exact=True).evaluate("b => b.form.action")
    return url


def test_staff_mark_an_order_paid_then_shipped_with_tracking_and_the_history_names_them(
    browsing: Browsing, server: LiveServer
) -> None:
    order = placed(server)
    page = browsing.page("staff")
    open_order_page(page, order)
    assert_accessible(page)
    expect(page.get_by_text("€64.87").first).to_be_visible()
    page.get_by_role("button", name="Mark as paid", exact=True).click()
    expect(page.get_by_text("Paid", exact=True).first).to_be_visible()
    assert status_of(server, order["id"]) == "paid"
    start(page, "Mark as shipped")
    page.get_by_label("Carrier").fill("DHL")
    page.get_by_label("Tracking number").fill("00340434161094042557")
    page.get_by_role("button", name="Confirm shipment").click()
    expect(page.get_by_text("00340434161094042557").first).to_be_visible()
    assert status_of(server, order["id"]) == "shipped"
    expect(page.get_by_role("button", name="Mark as paid", exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name="Cancel order", exact=True)).to_have_count(0)
    history = page.get_by_role("region", name="History")
    expect(history).to_contain_text("staff")
    events = history.get_by_role("row").filter(has=page.get_by_role("cell"))
    expect(events).to_have_count(3)  # placed, paid, shipped: oldest first
    expect(events.nth(0)).to_contain_text(re.compile("placed", re.IGNORECASE))
    berlin = datetime.fromisoformat(order["created_at"]).astimezone(ZoneInfo("Europe/Berlin"))
    expect(events.nth(0)).to_contain_text(f"{berlin:%I:%M:%S}".lstrip("0"))  # the merchant's time zone
    expect(events.nth(1)).to_contain_text(re.compile("paid", re.IGNORECASE))
    expect(events.nth(1)).to_contain_text("staff")
    expect(events.nth(2)).to_contain_text(re.compile("shipped", re.IGNORECASE))
    expect(events.nth(2)).to_contain_text("staff")
    assert_accessible(page)


def test_a_cancellation_of_an_order_shipped_meanwhile_is_refused_with_the_reason_and_changes_nothing(
    browsing: Browsing, server: LiveServer
) -> None:
    order = placed(server, "Jörg Weiß", "joerg@example.com")
    page = browsing.page("staff")
    open_order_page(page, order)
    with server.api() as api:  # shipped by a colleague while this page was open
        api.post(f"/orders/{order['id']}/status", json={"status": "paid"}).raise_for_status()
        tracking = {"carrier": "DHL", "number": "1234567890"}
        api.post(
            f"/orders/{order['id']}/status", json={"status": "shipped", "tracking": tracking}
        ).raise_for_status()
    start(page, "Cancel order")
    page.get_by_label("Reason").fill("Customer called")
    page.get_by_role("button", name="Confirm cancellation").click()
    expect(page.get_by_role("alert")).to_contain_text(re.compile("shipped", re.IGNORECASE))
    assert status_of(server, order["id"]) == "shipped"
    assert_accessible(page)


def test_a_viewer_sees_no_action_and_a_forced_post_is_refused(browsing: Browsing, server: LiveServer) -> None:
    order = placed(server, "Peter Müller", "peter@example.com")
    staff = browsing.page("staff")
    open_order_page(staff, order)
    paid_url = action_url(staff, "Mark as paid")
    form = staff.get_by_role("button", name="Mark as paid", exact=True).evaluate(
        "b => Object.fromEntries(new FormData(b.form))"
    )
    viewer = browsing.page("viewer")
    open_order_page(viewer, order)
    for action in (*ACTIONS, "Confirm shipment", "Confirm cancellation"):
        expect(viewer.get_by_role("button", name=action, exact=True)).to_have_count(0)
    expect(viewer.get_by_label("Carrier")).to_have_count(0)
    expect(viewer.get_by_label("Reason")).to_have_count(0)
    forced = viewer.request.post(paid_url, form={**form, **hidden_fields(viewer)}, max_redirects=0)
    assert forced.status == 403, forced.text()
    assert status_of(server, order["id"]) == "open"


def test_a_post_without_its_csrf_token_is_refused(browsing: Browsing, server: LiveServer) -> None:
    order = placed(server, "Maria Łukasiewicz", "maria@example.com")
    page = browsing.page("staff")
    open_order_page(page, order)
    form: dict[str, str] = page.get_by_role("button", name="Mark as paid", exact=True).evaluate(
        "b => Object.fromEntries(new FormData(b.form))"
    )
    without = {k: v for k, v in form.items() if "csrf" not in k.lower()}
    assert without != form, f"no CSRF field in the form: {form}"
    refused = page.request.post(action_url(page, "Mark as paid"), form=without, max_redirects=0)
    assert refused.status == 403, refused.text()
    assert status_of(server, order["id"]) == "open"
    accepted = page.request.post(action_url(page, "Mark as paid"), form=form)
    assert accepted.ok
    assert status_of(server, order["id"]) == "paid"


def test_the_order_page_in_german(browsing: Browsing, server: LiveServer) -> None:
    order = placed(server, "Eva Groß", "eva@example.com")
    with server.api() as api:
        api.post(f"/orders/{order['id']}/status", json={"status": "paid"}).raise_for_status()
        tracking = {"carrier": "DHL", "number": "555"}
        api.post(
            f"/orders/{order['id']}/status", json={"status": "shipped", "tracking": tracking}
        ).raise_for_status()
    page = browsing.page("staff", locale="de-DE")
    open_order_page(page, order)
    expect(page.get_by_text(re.compile(r"64,87\s€")).first).to_be_visible()
    expect(page.get_by_text("Versandt", exact=True).first).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "de"
    assert_accessible(page)


def test_every_action_starts_with_a_button(browsing: Browsing, server: LiveServer) -> None:
    """CONSOLE.md: buttons Mark as paid, Mark as shipped (then Carrier, Tracking number, Confirm
    shipment) and Cancel order (then Reason, Confirm cancellation)."""
    order = placed(server, "Ida Knopf", "ida@example.com")
    page = browsing.page("staff")
    open_order_page(page, order)
    for action in ACTIONS:
        expect(page.get_by_role("button", name=action, exact=True)).to_have_count(1)
    start(page, "Mark as shipped")
    expect(page.get_by_label("Carrier")).to_be_focused()
    expect(page.get_by_label("Reason")).to_be_hidden()
    page.get_by_role("button", name="Mark as shipped", exact=True).click()  # closes again
    expect(page.get_by_label("Carrier")).to_be_hidden()


def test_the_action_buttons_open_their_fields_without_javascript(
    browsing: Browsing, server: LiveServer
) -> None:
    order = placed(server, "Otto Ohneskript", "otto@example.com")
    page = browsing.page("staff", javascript=False)
    open_order_page(page, order)
    expect(page.get_by_label("Reason")).to_be_hidden()
    page.get_by_role("button", name="Cancel order", exact=True).click()
    expect(page.get_by_role("button", name="Cancel order", exact=True)).to_have_attribute(
        "aria-expanded", "true"
    )
    page.get_by_label("Reason").fill("Customer called")
    page.get_by_role("button", name="Confirm cancellation").click()
    expect(page.get_by_role("status")).to_contain_text("cancelled")
    assert status_of(server, order["id"]) == "cancelled"
    for action in ACTIONS:
        expect(page.get_by_role("button", name=action, exact=True)).to_have_count(0)
