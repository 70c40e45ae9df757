"""Paging through the orders list in Chromium: Previous and Next (CONSOLE.md "Orders")."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.support import Browsing, LiveServer
from tools.live_console import sample_order

PAGE_SIZE = 50


def test_the_orders_list_pages_with_previous_and_next(browsing: Browsing, server: LiveServer) -> None:
    with server.api() as api:
        stored = int(api.get("/orders", params={"limit": 1}).raise_for_status().json()["total"])
        for n in range(max(0, PAGE_SIZE + 1 - stored)):
            api.post(
                "/orders",
                json=sample_order(f"Kunde {n}", f"kunde{n}@example.com", ("X-1", "Ding", 1, "1.00")),
            )
    page = browsing.page("viewer")
    page.goto("/console/orders")
    rows = page.get_by_role("row").filter(has=page.get_by_role("cell"))
    expect(rows).to_have_count(PAGE_SIZE)
    first_page = rows.first.inner_text()
    page.get_by_role("link", name="Next").click()
    expect(page).to_have_url(re.compile(r"offset="))
    expect(rows.first).not_to_have_text(first_page)
    page.get_by_role("link", name="Previous").click()
    expect(rows.first).to_have_text(first_page)
