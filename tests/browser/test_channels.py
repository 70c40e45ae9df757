"""The channels page in Chromium: Sync now against the eBay simulator (CONSOLE.md "Channels")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from simulators.ebay.app import create_app
from simulators.ebay.state import EbayMarketplace
from simulators.server import BackgroundServer
from tests.browser.support import Browsing, LiveServer, assert_accessible, main_navigation

CHANNEL = "ebay-browser"
ORDERS = 5


@pytest.fixture(scope="module")
def ebay(server: LiveServer) -> Iterator[EbayMarketplace]:
    """An eBay simulator with five orders waiting, registered as a channel that syncs only when asked."""
    market = EbayMarketplace(seed=11)
    now = market.clock.now()
    market.generate(ORDERS, start=now - timedelta(days=2), end=now)
    with BackgroundServer(create_app(market)) as simulator:
        server.services.channels.register(CHANNEL, "ebay", market.channel_settings(simulator.url), 86_400)
        yield market


def channel_orders(server: LiveServer) -> int:
    with server.api() as api:
        return int(
            api.get("/orders", params={"channel": CHANNEL, "limit": 1}).raise_for_status().json()["total"]
        )


def test_sync_now_pulls_the_channels_orders_and_the_table_shows_the_result(
    browsing: Browsing, server: LiveServer, ebay: EbayMarketplace
) -> None:
    page = browsing.page("staff")
    page.goto("/console")
    main_navigation(page).get_by_role("link", name="Channels", exact=True).click()
    expect(page).to_have_url(re.compile(r"/console/channels"))
    for header in ("Channel", "Kind", "Last sync", "Result", "Quarantined"):
        expect(page.get_by_role("columnheader", name=header, exact=True)).to_be_visible()
    row = page.get_by_role("row").filter(has_text=CHANNEL)
    expect(row).to_contain_text(re.compile("ebay", re.IGNORECASE))
    assert_accessible(page)
    assert channel_orders(server) == 0
    row.get_by_role("button", name="Sync now").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Sync of {CHANNEL} finished: {ORDERS} fetched, {ORDERS} imported"
    )
    assert channel_orders(server) == ORDERS
    expect(page.get_by_role("row").filter(has_text=CHANNEL)).to_contain_text(re.compile("OK|imported"))
    assert_accessible(page)
    page.get_by_role("link", name=CHANNEL).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(CHANNEL)
    expect(page.get_by_role("region", name="Sync log")).to_contain_text(f"{ORDERS} imported")
    assert_accessible(page)


def test_a_viewer_sees_the_channels_without_sync_now(
    browsing: Browsing, server: LiveServer, ebay: EbayMarketplace
) -> None:
    page = browsing.page("viewer")
    page.goto("/console/channels")
    expect(page.get_by_role("row").filter(has_text=CHANNEL)).to_be_visible()
    expect(page.get_by_role("button", name="Sync now")).to_have_count(0)
    expect(page.get_by_role("link", name="Add channel")).to_have_count(0)


def test_an_admin_gets_add_channel(browsing: Browsing, ebay: EbayMarketplace) -> None:
    page = browsing.page("admin")
    page.goto("/console/channels")
    page.get_by_role("link", name="Add channel").click()
    assert_accessible(page)
