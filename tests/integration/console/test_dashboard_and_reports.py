"""The dashboard, the reports and a channel order's page, with a fake channel, on every store."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest

from tests.support.console import CHEAP, ConsoleBrowser, add_users
from tests.support.fake_channel import FakeKind, channel_order, registry_with
from tests.support.harness import Harness
from tests.support.order_data import immediate_order


@pytest.fixture
def kind() -> FakeKind:
    return FakeKind()


@pytest.fixture
def shop(database_url: str, kind: FakeKind) -> Iterator[Harness]:
    """A channel "shop" that imported A1, holds B1 in quarantine, and whose last sync failed."""
    with Harness.start(database_url, kinds=registry_with(kind), password_hasher=CHEAP) as h:
        add_users(h)
        h.register_channel("shop", "fake", {"token": "s3cret"})
        kind.shop().put(channel_order("A1"), h.clock.now() - timedelta(hours=1))
        kind.shop().broken["B1"] = "no lines"
        h.sync("shop")
        h.clock.advance(minutes=5)
        kind.shop().put(channel_order("A2"), h.clock.now() - timedelta(minutes=1))
        kind.shop().fail_after_pages = 0
        h.sync("shop")
        yield h


def test_the_dashboard_shows_today_the_month_failed_syncs_and_the_quarantine(shop: Harness) -> None:
    shop.client.post("/api/v1/orders", json=immediate_order())
    page = ConsoleBrowser.signed_in(shop, "vera").get("/console")
    assert page.status_code == 200
    today = page.text.split('id="today-heading"')[1].split("</section>")[0]
    assert re.search(r'<a href="/console/orders\?source=immediate&amp;from=2026-11-02&amp;to=2026-11-02">'
                     r"Immediate order</a></td>\s*<td class=\"num\">1</td>", today)  # fmt: skip
    assert '<svg class="chart" role="img" aria-label="Orders per day, the last 30 days"' in page.text
    assert (
        "<title>Nov 2: 1</title>" in page.text and "<title>Nov 1: 1</title>" in page.text
    )  # A1 was placed then
    failed = page.text.split('id="channels-heading"')[1]
    assert "shop" in failed and "fake shop is down" in failed
    assert "1 order in quarantine" in failed


def test_the_dashboard_in_german(shop: Harness) -> None:
    page = ConsoleBrowser.signed_in(shop, "vera").get("/console", headers={"Accept-Language": "de"})
    assert "1 Bestellung in Quarantäne" in page.text
    assert "<title>1. Nov.: 1</title>" in page.text


def test_a_channel_order_shows_whether_our_change_reached_the_channel(shop: Harness, kind: FakeKind) -> None:
    (item,) = shop.orders(channel="shop")
    staff = ConsoleBrowser.signed_in(shop, "bob")
    page = staff.post(
        f"/console/orders/{item['number']}/shipped", {"carrier": "DHL", "tracking_number": "42"}
    )
    assert "Channel's order id" in page.text and "A1" in page.text
    assert "Our latest change is waiting for the channel" in page.text
    kind.shop().fail_after_pages = None
    shop.sync("shop")
    confirmed = staff.get(f"/console/orders/{item['number']}")
    assert "Our latest change is confirmed by the channel" in confirmed.text
    words = re.sub(r"<[^>]+>", " ", confirmed.text.split('id="history-heading"')[1])
    assert "Imported from channel shop (its order A1)" in words
    assert "The channel confirmed the change to Shipped" in words and "Sync of channel shop" in words


def test_reports_show_a_chart_a_table_and_a_csv_of_the_same_days(shop: Harness) -> None:
    shop.client.post("/api/v1/orders", json=immediate_order())
    browser = ConsoleBrowser.signed_in(shop, "vera")
    page = browser.get("/console/reports?group=channel&from=2026-11-01&to=2026-11-02")
    assert page.status_code == 200
    assert re.search(r'<th scope="row">Immediate order</th>\s*<td class="num">1</td>\s*<td class="num">€64.87</td>',
                     page.text)  # fmt: skip
    assert '<th scope="row">shop</th>' in page.text and "Revenue in EUR per Channel" in page.text
    link = re.search(r'<a href="([^"]+)" download>Download CSV</a>', page.text)
    assert link is not None
    exported = browser.get(link.group(1).replace("&amp;", "&"))
    assert exported.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(exported.text)))
    assert [(r["key"], r["orders"], r["revenue"]) for r in table] == [("(immediate)", "1", "64.87"),
                                                                    ("shop", "1", "24.90")]  # fmt: skip
    api = shop.client.get("/api/v1/reports/sales", params={"group_by": "channel", "format": "csv",
                                                            "from": "2026-11-01", "to": "2026-11-02"})  # fmt: skip
    assert next(csv.reader(io.StringIO(api.text))) == next(csv.reader(io.StringIO(exported.text)))


def test_reports_by_day_and_status_in_german(shop: Harness) -> None:
    browser = ConsoleBrowser.signed_in(shop, "vera")
    by_status = browser.get("/console/reports?group=status&from=2026-11-01&to=2026-11-02",
                            headers={"Accept-Language": "de"})  # fmt: skip
    assert '<th scope="row">Bezahlt</th>' in by_status.text and "24,90\xa0€" in by_status.text
    by_day = browser.get("/console/reports?group=day&from=2026-11-01&to=2026-11-02")
    assert '<th scope="row">Nov 1, 2026</th>' in by_day.text


@pytest.mark.parametrize("query", ["from=soon", "group=planet", "from=2026-11-05&to=2026-11-01"])
def test_bad_report_filters_say_which(signed_in: Callable[[str], ConsoleBrowser], query: str) -> None:
    browser = signed_in("vera")
    assert browser.get(f"/console/reports?{query}").status_code == 400
    assert browser.get(f"/console/reports/sales.csv?{query}").status_code == 400
