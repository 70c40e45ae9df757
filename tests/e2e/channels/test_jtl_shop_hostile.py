"""A JTL-Shop that misbehaves (or is misaddressed), through orderhub's HTTP API, plus delivery notes
that must stay apart: the shop keys them by kLieferschein across all of its orders."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import pytest

from ports.channels import ChannelLimits
from simulators.jtl_shop.app import JtlShopSimulator
from simulators.server import BackgroundServer
from tests.e2e.channels.test_jtl_shop_sync import CHANNEL, by_external_id, registered_order
from tests.support.harness import Harness

MB = 1024 * 1024


@pytest.fixture()
def served(harness: Harness) -> Iterator[tuple[JtlShopSimulator, str]]:
    sim = JtlShopSimulator(seed=5, clock=harness.clock)
    with BackgroundServer(sim.app) as server:
        yield sim, server.url


@pytest.fixture()
def shop(harness: Harness, served: tuple[JtlShopSimulator, str]) -> JtlShopSimulator:
    sim, url = served
    harness.register_channel(
        CHANNEL, "jtl-shop", {"url": url, "username": sim.username, "password": sim.password}
    )
    return sim


def test_each_orders_delivery_note_has_its_own_number(harness: Harness, shop: JtlShopSimulator) -> None:
    first, second = registered_order(shop), registered_order(shop, customer_id=8, email="b@example.de")
    harness.sync(CHANNEL)
    orders = by_external_id(harness)
    for order_id, code in ((first, "JJD01"), (second, "JJD02")):  # same version: the same push id
        harness.set_status(
            orders[str(order_id)]["id"], "shipped", tracking={"carrier": "DHL", "number": code}
        )
    assert harness.sync(CHANNEL)["pushed"] == 2
    views = [shop.customer_view(shop.order(k).number) for k in (first, second)]
    notes = [view["delivery_notes"] for view in views if view is not None]
    assert [[p["ident_code"] for n in ns for p in n["parcels"]] for ns in notes] == [["JJD01"], ["JJD02"]]
    numbers = [ns[0]["number"] for ns in notes]
    assert numbers[0].startswith(f"LS-{first}-") and numbers[1].startswith(f"LS-{second}-")


def test_a_zip_bomb_is_refused_at_the_cap(harness: Harness, shop: JtlShopSimulator) -> None:
    harness.services.sync.limits = ChannelLimits(max_response_bytes=2 * MB)
    shop.misbehave_next("zip-bomb", size=64 * MB)
    summary = harness.sync(CHANNEL)
    assert summary["complete"] is False
    assert "JTL-Shop GetBestellungen_xml: the unpacked zip is larger than 2 MB" in summary["error"]


@pytest.mark.parametrize(
    ("kind", "limits", "error"),
    [
        ("huge", ChannelLimits(max_response_bytes=1 * MB), "the answer is larger than 1 MB"),
        ("drip", ChannelLimits(call_deadline_seconds=1.0), "no complete answer within 1 s"),
    ],
)
def test_a_shop_that_answers_too_much_or_too_slowly_fails_the_sync(
    harness: Harness, shop: JtlShopSimulator, kind: str, limits: ChannelLimits, error: str
) -> None:
    harness.services.sync.limits = limits
    shop.misbehave_next(kind, size=30 * MB, seconds=0.2)
    started = time.monotonic()
    summary = harness.sync(CHANNEL)
    assert time.monotonic() - started < 4
    assert summary["complete"] is False
    assert f"JTL-Shop GetBestellungen_xml: {error}" in summary["error"]


def test_an_order_document_with_entities_is_refused(harness: Harness, shop: JtlShopSimulator) -> None:
    registered_order(shop)
    shop.misbehave_next("entities")
    summary = harness.sync(CHANNEL)
    assert summary["complete"] is False
    assert "declares entities or a DTD, which is refused" in summary["error"]
    assert harness.sync(CHANNEL)["imported"] == 1  # the real document, next time


def test_an_answer_that_is_not_the_shops_is_not_quoted(harness: Harness, shop: JtlShopSimulator) -> None:
    shop.fail_next("<html><body>intranet: payroll 2026</body></html>", content_type="text/html", times=5)
    summary = harness.sync(CHANNEL)
    assert summary["complete"] is False
    assert "expected a zip or 0, got an HTML page" in summary["error"]
    assert "payroll" not in summary["error"]


def test_a_password_in_the_shop_url_is_never_shown(
    harness: Harness, served: tuple[JtlShopSimulator, str], caplog: pytest.LogCaptureFixture
) -> None:
    sim, url = served
    secret_url = url.replace("http://", "http://basic:hunter2-secret@")
    registered = harness.register_channel(
        CHANNEL, "jtl-shop", {"url": secret_url, "username": sim.username, "password": sim.password}
    )
    registered_order(sim)
    with caplog.at_level(logging.INFO):
        summary = harness.sync(CHANNEL)
    assert summary["imported"] == 1  # the URL still works, password and all
    shown = [registered, harness.client.get(f"/api/v1/channels/{CHANNEL}").json()]
    assert all(c["settings"]["url"] == url.replace("http://", "http://basic:********@") for c in shown)
    assert "hunter2-secret" not in caplog.text
    assert any("HTTP Request" in r.getMessage() for r in caplog.records)  # httpx did log the calls
    stored = harness.services.book.recorder.select_notifications(start=1, limit=1000)
    registered_events = [n for n in stored if b"basic:********@" in n.state]  # the Registered event
    assert registered_events and not any(b"hunter2-secret" in n.state for n in stored)
