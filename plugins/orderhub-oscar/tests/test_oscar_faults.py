"""Faults a real shop rarely shows on demand, served by a small in-memory Oscar (httpx transport)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from orderhub_oscar.channel import OscarChannel
from orderhub_oscar.settings import OscarSettings

from adapters.channels.raw_payloads import stand_in_id
from ports.channels import RetryableChannelError
from testkit.channel_plugins import (
    collect_pages,
    make_context,
    pull_failures,
    pulled_orders,
    window_back,
)

PAYLOADS = Path(__file__).parent / "payloads"
SHOP = "http://oscar.test"


class FakeOscar:
    """The recorded orders behind ``/api/admin/``; ``faults`` answer the next requests first."""

    def __init__(self, page_size: int | None = None) -> None:
        self.orders: list[Any] = json.loads((PAYLOADS / "admin_orders.json").read_text())
        self.lines: dict[str, Any] = json.loads((PAYLOADS / "admin_order_lines.json").read_text())
        self.page_size = page_size
        self.faults: list[httpx.Response] = []
        self.requests: list[httpx.URL] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request.url)
        if self.faults:
            return self.faults.pop(0)
        path = request.url.path
        if path == "/api/admin/orders/":
            return httpx.Response(200, json=self._page(request.url))
        if path.endswith("/lines/"):
            lines = self.lines.get(path.split("/")[-3])
            return httpx.Response(200, json=lines) if lines is not None else httpx.Response(404, json={})
        return httpx.Response(404, json={"detail": "Not found."})

    def _page(self, url: httpx.URL) -> Any:
        if self.page_size is None:
            return self.orders
        offset = int(url.params.get("offset", 0))
        rest = offset + self.page_size < len(self.orders)
        following = (
            f"http://internal:8000/api/admin/orders/?limit={self.page_size}&offset={offset + self.page_size}"
        )
        return {"count": len(self.orders), "next": following if rest else None, "previous": None,
                "results": self.orders[offset : offset + self.page_size]}  # fmt: skip


def pull(oscar: FakeOscar, **extra: Any) -> tuple[list[Any], list[Any], Callable[[], list[float]]]:
    context = make_context()
    context.clock.set(context.clock.now().replace(year=2026, month=11, day=28))
    settings = OscarSettings(url=SHOP, username="admin", password="pw", **extra)
    channel = OscarChannel(settings, context, transport=httpx.MockTransport(oscar))
    pages = collect_pages(channel, window_back(context.clock))
    return pulled_orders(pages), pull_failures(pages), lambda: context.sleep.waits


def test_a_503_is_retried_after_backing_off() -> None:
    oscar = FakeOscar()
    oscar.faults.append(httpx.Response(503))
    orders, _, waits = pull(oscar)
    assert len(orders) == 3 and waits() == [1.0]


def test_an_html_page_instead_of_json_is_retryable() -> None:
    oscar = FakeOscar()
    oscar.faults.append(
        httpx.Response(200, text="<html>maintenance</html>", headers={"content-type": "text/html"})
    )
    with pytest.raises(RetryableChannelError, match="expected JSON, got text/html"):
        pull(oscar)


def test_a_malformed_order_is_quarantined_and_the_others_pulled() -> None:
    oscar = FakeOscar()
    broken = copy.deepcopy(oscar.orders[0])
    broken["number"], broken["total_incl_tax"] = "100099", "oops"
    oscar.orders.insert(0, broken)
    oscar.orders.insert(1, "not an order")
    orders, failures, _ = pull(oscar)
    assert len(orders) == 3
    assert [(f.external_id, f.reason) for f in failures] == [
        ("100099", "order 100099: total_incl_tax is 'oops', not a decimal amount"),
        (stand_in_id("not an order"), "order list entry is not an object"),
    ]


def test_entries_without_an_id_are_one_quarantine_entry_each() -> None:
    oscar = FakeOscar()
    oscar.orders[:0] = ["not an order", ["nor", "this"]]
    _, failures, _ = pull(oscar)
    assert len({f.external_id for f in failures}) == 2
    assert [f.raw for f in failures] == ["not an order", ["nor", "this"]]


def test_next_links_are_followed_on_the_configured_host() -> None:
    oscar = FakeOscar(page_size=1)
    orders, _, _ = pull(oscar, page_size=1)
    listed = [url for url in oscar.requests if url.path == "/api/admin/orders/"]
    assert len(orders) == 3
    assert {url.host for url in listed} == {"oscar.test"}
    assert [url.params.get("offset") for url in listed] == [None, "1", "2", "3"]


def test_an_order_deleted_before_its_lines_were_read_is_skipped() -> None:
    oscar = FakeOscar()
    del oscar.lines[str(oscar.orders[0]["id"])]
    oscar.orders[0]["url"] = f"{SHOP}/api/admin/orders/{oscar.orders[0]['id']}/"
    orders, failures, _ = pull(oscar)
    assert len(orders) == 2 and failures == []


def test_quarantined_orders_are_fetched_again_by_number() -> None:
    oscar = FakeOscar()
    channel = OscarChannel(
        OscarSettings(url=SHOP, username="a", password="b"),
        make_context(),
        transport=httpx.MockTransport(oscar),
    )
    (page,) = channel.fetch_orders(["100002", "999999"])
    assert [o.order.external_id for o in page.orders] == ["100002"]
