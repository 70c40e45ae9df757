"""Every console page in Chromium, in English and German: it answers, axe-core finds no serious or
critical violation, nothing is fetched from anywhere but orderhub; and the orders list's search,
filters in the URL and paging (CONSOLE.md "Every page", "Orders", "Security and quality bars")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.support import Browsing, LiveServer, assert_accessible, main_navigation
from tools.live_console import place_sample_orders

NAVIGATION = ("Dashboard", "Orders", "Customers", "Channels", "Reports")
LOCALES = ("en-GB", "de-DE")


@pytest.fixture(scope="module")
def orders(server: LiveServer) -> Iterator[list[dict[str, Any]]]:
    yield place_sample_orders(server)


def page_paths(orders: list[dict[str, Any]]) -> dict[str, str]:
    shipped = orders[0]
    return {
        "dashboard": "/console",
        "orders": "/console/orders",
        "orders filtered": "/console/orders?status=shipped",
        "order": f"/console/orders/{shipped['id']}",
        "new order": "/console/orders/new",
        "customers": "/console/customers",
        "customer": f"/console/customers/{shipped['customer_id']}",
        "new customer": "/console/customers/new",
        "channels": "/console/channels",
        "reports": "/console/reports",
    }


PAGES = list(page_paths([{"id": "", "customer_id": ""}]))


@pytest.mark.parametrize("locale", LOCALES)
def test_the_login_page_is_accessible_and_offline(browsing: Browsing, locale: str) -> None:
    page = browsing.page(locale=locale)
    answer = page.goto("/console/login")
    assert answer is not None and answer.status == 200
    assert page.locator("html").get_attribute("lang") == locale[:2]
    assert_accessible(page)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("name", PAGES)
def test_every_page_answers_is_accessible_and_fetches_nothing_from_elsewhere(
    browsing: Browsing, orders: list[dict[str, Any]], name: str, locale: str
) -> None:
    page = browsing.page("admin", locale=locale)
    answer = page.goto(page_paths(orders)[name])
    assert answer is not None and answer.status == 200, f"{name}: {answer and answer.status}"
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == locale[:2]
    expect(main_navigation(page)).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Sign out|Abmelden"))).to_be_visible()
    assert_accessible(page)


def test_the_navigation_names_every_part(browsing: Browsing, orders: list[dict[str, Any]]) -> None:
    page = browsing.page("staff")
    page.goto("/console")
    nav = main_navigation(page)
    for link in NAVIGATION:
        nav.get_by_role("link", name=link, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_the_orders_list_shows_money_status_and_links_in_english(
    browsing: Browsing, orders: list[dict[str, Any]]
) -> None:
    page = browsing.page("staff")
    page.goto("/console/orders")
    for header in ("Order", "Date", "Customer", "Source", "Status", "Total"):
        expect(page.get_by_role("columnheader", name=header, exact=True)).to_be_visible()
    row = page.get_by_role("row").filter(has_text=orders[0]["number"])
    expect(row).to_contain_text("€64.87")
    expect(row).to_contain_text("Shipped")
    expect(row).to_contain_text("Anna Schmidt")
    row.get_by_role("link", name=orders[0]["number"]).click()
    expect(page).to_have_url(re.compile(rf"/console/orders/({orders[0]['id']}|{orders[0]['number']})$"))


def test_the_orders_list_in_german(browsing: Browsing, orders: list[dict[str, Any]]) -> None:
    page = browsing.page("staff", locale="de-DE")
    page.goto("/console/orders")
    row = page.get_by_role("row").filter(has_text=orders[0]["number"])
    expect(row).to_contain_text(re.compile(r"64,87\s€"))
    expect(row).to_contain_text("Versandt")
    cancelled = page.get_by_role("row").filter(has_text=orders[3]["number"])
    expect(cancelled).to_contain_text("Storniert")


def test_filters_go_into_the_url_and_a_bookmarked_view_opens_as_it_was(
    browsing: Browsing, orders: list[dict[str, Any]]
) -> None:
    page = browsing.page("staff")
    page.goto("/console/orders")
    page.get_by_label("Status").select_option(label="Cancelled")
    page.get_by_label("Search").fill(orders[3]["number"].lower())
    page.get_by_label("Search").press("Enter")
    page.wait_for_load_state()
    query = parse_qs(urlsplit(page.url).query)
    assert query.get("status") == ["cancelled"] and query.get("q") == [orders[3]["number"].lower()], page.url
    expect(page.get_by_role("row").filter(has_text=orders[3]["number"])).to_be_visible()
    expect(page.get_by_role("row").filter(has_text=orders[0]["number"])).to_have_count(0)
    bookmarked = browsing.page("viewer")
    bookmarked.goto(page.url)
    expect(bookmarked.get_by_label("Status")).to_have_value("cancelled")
    expect(bookmarked.get_by_label("Search")).to_have_value(orders[3]["number"].lower())
    expect(bookmarked.get_by_role("row").filter(has_text=orders[3]["number"])).to_be_visible()


@pytest.mark.parametrize("words", ["Müller", "MUELLER", "peter@example.com"])
def test_the_search_finds_orders_by_the_customers_name_or_e_mail(
    browsing: Browsing, orders: list[dict[str, Any]], words: str
) -> None:
    page = browsing.page("staff")
    page.goto("/console/orders")
    page.get_by_label("Search").fill(words)
    page.get_by_label("Search").press("Enter")
    expect(page.get_by_role("row").filter(has_text=orders[3]["number"])).to_be_visible()
    expect(page.get_by_role("row").filter(has_text=orders[0]["number"])).to_have_count(0)


def test_the_source_filter_offers_each_kind_of_order(
    browsing: Browsing, orders: list[dict[str, Any]]
) -> None:
    page = browsing.page("staff")
    page.goto("/console/orders")
    options = page.get_by_label("Source").locator("option").all_inner_texts()
    assert {"All", "Immediate order", "Customer order"} <= {o.strip() for o in options}, options
    page.get_by_label("Source").select_option(label="Immediate order")
    page.get_by_label("Search").press("Enter")
    expect(page.get_by_role("row").filter(has_text=orders[1]["number"])).to_be_visible()
    expect(page.get_by_role("link", name="New order")).to_be_visible()


def test_docs_and_redoc_need_no_internet(browsing: Browsing) -> None:
    page = browsing.page()
    for path in ("/docs", "/redoc"):
        answer = page.goto(path)
        assert answer is not None and answer.status == 200
        page.wait_for_load_state("networkidle")
    page.goto("/docs")
    expect(page.get_by_text("orderhub").first).to_be_visible()
