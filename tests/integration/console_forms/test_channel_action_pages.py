"""Retry and Dismiss of a quarantined order, Pause, Resume and Remove, from a channel's page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from domain.staff_account import Role
from tests.integration.console_forms.forms_support import Browser
from tests.support.fake_channel import FakeKind, channel_order
from tests.support.harness import Harness

PAGE = "/console/channels/shop"


@pytest.fixture
def shop(console: Harness, kind: FakeKind) -> Harness:
    """Channel ``shop`` with A1 imported and A2 quarantined."""
    console.register_channel("shop", "fake", {"token": "s3cret"})
    kind.shop().put(channel_order("A1"), console.clock.now() - timedelta(hours=1))
    kind.shop().broken["A2"] = "no line items"
    console.sync("shop")
    return console


def test_retry_imports_an_order_that_now_maps(
    shop: Harness, kind: FakeKind, browser: Callable[..., Browser]
) -> None:
    staff = browser()
    assert ">Retry</button>" in staff.get(PAGE).text
    kind.shop().orders["A2"] = channel_order("A2")
    answer = staff.post(f"{PAGE}/quarantine/A2/retry", {})
    assert answer.status_code == 200 and "Order A2 imported: it is an order now." in answer.text
    assert shop.quarantine("shop") == [] and len(shop.orders(channel="shop")) == 2


def test_retry_of_an_order_that_still_fails_says_why(
    shop: Harness, kind: FakeKind, browser: Callable[..., Browser]
) -> None:
    kind.shop().broken["A2"] = "still no line items"
    answer = browser().post(f"{PAGE}/quarantine/A2/retry", {})
    assert "Order A2 still fails: still no line items" in answer.text
    assert shop.quarantine("shop")[0]["attempts"] == 2


def test_an_admin_dismisses_a_quarantined_order_with_a_reason(
    shop: Harness, browser: Callable[..., Browser]
) -> None:
    admin = browser(Role.ADMIN)
    assert ">Dismiss</button>" in admin.get(PAGE).text
    refused = admin.post(f"{PAGE}/quarantine/A2/dismiss", {"reason": " "})
    assert refused.status_code == 422 and "Give a reason for dismissing it" in refused.text
    answer = admin.post(f"{PAGE}/quarantine/A2/dismiss", {"reason": "test order"})
    assert answer.status_code == 200 and "Order A2 dismissed" in answer.text
    assert shop.quarantine("shop") == []


def test_staff_may_retry_but_not_dismiss_pause_or_remove(
    shop: Harness, browser: Callable[..., Browser]
) -> None:
    staff = browser()
    page = staff.get(PAGE).text
    assert ">Dismiss</button>" not in page and ">Pause</button>" not in page and "Remove channel" not in page
    for action in ("quarantine/A2/dismiss", "pause", "remove"):
        assert staff.post(f"{PAGE}/{action}", {"reason": "x"}).status_code == 403, action
    assert len(shop.quarantine("shop")) == 1


def test_a_viewer_may_not_retry(shop: Harness, browser: Callable[..., Browser]) -> None:
    viewer = browser(Role.VIEWER)
    assert ">Retry</button>" not in viewer.get(PAGE).text
    assert viewer.post(f"{PAGE}/quarantine/A2/retry", {}).status_code == 403
    assert shop.quarantine("shop")[0]["attempts"] == 1


def test_pause_stops_sync_now_until_resume(shop: Harness, browser: Callable[..., Browser]) -> None:
    admin = browser(Role.ADMIN)
    assert admin.post(f"{PAGE}/pause", {}).status_code == 303
    page = admin.get(PAGE).text
    assert "Paused since" in page and ">Resume</button>" in page and ">Sync now</button>" not in page
    refused = admin.post(f"{PAGE}/sync", {})
    assert refused.status_code == 409 and "This channel is paused: resume it first" in refused.text
    assert admin.post(f"{PAGE}/resume", {}).status_code == 303
    assert admin.post(f"{PAGE}/sync", {}).status_code == 200


def test_remove_keeps_the_orders_and_drops_the_channel(
    shop: Harness, browser: Callable[..., Browser]
) -> None:
    admin = browser(Role.ADMIN)
    answer = admin.post(f"{PAGE}/remove", {})
    assert answer.status_code == 303 and answer.headers["location"] == "/console/channels"
    assert 'href="/console/channels/shop"' not in admin.get("/console/channels").text
    assert admin.get(PAGE).status_code == 404
    assert len(shop.orders(channel="shop")) == 1


def test_the_actions_need_the_csrf_token(shop: Harness, browser: Callable[..., Browser]) -> None:
    admin = browser(Role.ADMIN)
    assert admin.post(f"{PAGE}/remove", {}, csrf=False).status_code == 403
    assert admin.post(f"{PAGE}/quarantine/A2/retry", {}, csrf=False).status_code == 403
    assert shop.client.get("/api/v1/channels/shop").status_code == 200
