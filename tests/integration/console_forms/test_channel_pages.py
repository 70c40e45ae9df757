"""The console's channel pages: the list with Sync now, a channel's log and quarantine, Add channel."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from domain.staff_account import Role
from tests.integration.console_forms.forms_support import Browser
from tests.support.fake_channel import FakeKind, channel_order
from tests.support.harness import Harness


def test_the_list_shows_each_channel_with_its_last_sync_and_quarantine(
    console: Harness, kind: FakeKind, browser: Callable[..., Browser]
) -> None:
    console.register_channel("shop", "fake", {"token": "s3cret"})
    kind.shop().put(channel_order("A1"), console.clock.now() - timedelta(hours=1))
    kind.shop().broken["A2"] = "no line items"
    console.sync("shop")
    page = browser().get("/console/channels").text
    for header in ("Channel", "Kind", "Last sync", "Result", "Quarantined"):
        assert f'<th scope="col">{header}</th>' in page
    assert '<a href="/console/channels/shop">shop</a>' in page and "<td>fake</td>" in page
    assert "2 fetched, 1 imported" in page and '#quarantine">1</a>' in page
    assert ">Sync now</button>" in page


def test_sync_now_syncs_the_channel_and_shows_the_summary(
    console: Harness, kind: FakeKind, browser: Callable[..., Browser]
) -> None:
    console.register_channel("shop", "fake", {"token": "s3cret"})
    kind.shop().put(channel_order("A1"), console.clock.now() - timedelta(hours=1))
    answer = browser().post("/console/channels/shop/sync", {})
    assert answer.status_code == 200
    assert "Sync finished" in answer.text and re.search(r"<dt>Imported</dt><dd>1</dd>", answer.text)
    assert len(console.orders(channel="shop")) == 1
    events = console.events(console.orders(channel="shop")[0]["id"])
    assert events[0]["actor"]["kind"] == "channel"


def test_a_channels_page_shows_its_sync_log_and_the_quarantined_payload(
    console: Harness, kind: FakeKind, browser: Callable[..., Browser]
) -> None:
    console.register_channel("shop", "fake", {"token": "s3cret"})
    kind.shop().broken["A2"] = "no line items"
    console.sync("shop")
    page = browser().get("/console/channels/shop").text
    assert "Sync log" in page and "Quarantine" in page
    assert '<h3 id="q-1">A2</h3>' in page and "no line items" in page
    assert "First seen" in page and "<dt>Attempts</dt><dd>1</dd>" in page and "Payload as received" in page
    assert "s3cret" not in page


def test_a_viewer_sees_no_sync_now_and_may_not_start_one(
    console: Harness, kind: FakeKind, browser: Callable[..., Browser]
) -> None:
    console.register_channel("shop", "fake", {"token": "s3cret"})
    viewer = browser(Role.VIEWER)
    assert "Sync now" not in viewer.get("/console/channels").text
    assert "Add channel" not in viewer.get("/console/channels").text
    assert viewer.post("/console/channels/shop/sync", {}).status_code == 403
    assert console.client.get("/api/v1/channels/shop").json()["sync_log"] == []


def test_sync_now_without_the_csrf_token_is_refused(
    console: Harness, browser: Callable[..., Browser]
) -> None:
    console.register_channel("shop", "fake", {"token": "s3cret"})
    assert browser().post("/console/channels/shop/sync", {}, csrf=False).status_code == 403
    assert console.client.get("/api/v1/channels/shop").json()["sync_log"] == []


def test_an_admin_adds_a_channel_from_the_kinds_schema_and_its_secret_is_never_shown(
    console: Harness, browser: Callable[..., Browser]
) -> None:
    admin = browser(Role.ADMIN)
    assert ">Add channel</a>" in admin.get("/console/channels").text
    form = admin.get("/console/channels/new", params={"kind": "jtl-connector"}).text
    assert 'name="setting_token" type="password" value=""' in form and 'for="setting-url"' in form
    answer = admin.post(
        "/console/channels/new",
        {
            "kind": "jtl-connector",
            "name": "woo",
            "sync_interval_seconds": "300",
            "setting_url": "https://shop.example/jtlconnector/",
            "setting_token": "t0ps3cret",
        },
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/console/channels/woo"
    stored = console.client.get("/api/v1/channels/woo").json()
    assert stored["kind"] == "jtl-connector" and stored["sync_interval_seconds"] == 300
    assert stored["settings"]["token"] != "t0ps3cret"
    page = admin.get("/console/channels/woo").text
    assert "t0ps3cret" not in page and "https://shop.example/jtlconnector/" in page


def test_refused_settings_are_shown_next_to_their_fields_without_the_secrets(
    console: Harness, browser: Callable[..., Browser]
) -> None:
    admin = browser(Role.ADMIN)
    answer = admin.post(
        "/console/channels/new",
        {
            "kind": "amazon",
            "name": "Bad Name",
            "setting_client_id": "app",
            "setting_client_secret": "s3cret",
            "setting_overlap_minutes": "-5",
        },
    )
    assert answer.status_code == 422
    assert 'id="channel-name-error"' in answer.text and "is not a channel name" in answer.text
    answer = admin.post(
        "/console/channels/new",
        {
            "kind": "amazon",
            "name": "amazon-de",
            "setting_client_id": "app",
            "setting_client_secret": "s3cret",
            "setting_overlap_minutes": "-5",
        },
    )
    assert answer.status_code == 422
    for field in ("refresh_token", "marketplace_ids", "overlap_minutes"):
        assert f'id="setting-{field}-error"' in answer.text, field
    assert "s3cret" not in answer.text and 'value="app"' in answer.text
    assert console.client.get("/api/v1/channels").json()["total"] == 0


def test_a_taken_channel_name_is_refused_next_to_the_name(
    console: Harness, browser: Callable[..., Browser]
) -> None:
    console.register_channel("shop", "fake", {"token": "s3cret"})
    answer = browser(Role.ADMIN).post(
        "/console/channels/new", {"kind": "fake", "name": "shop", "setting_token": "x"}
    )
    assert answer.status_code == 422 and "A channel of this name exists already" in answer.text


def test_staff_may_sync_but_not_add_channels(console: Harness, browser: Callable[..., Browser]) -> None:
    staff = browser(Role.STAFF)
    assert "Add channel" not in staff.get("/console/channels").text
    assert staff.get("/console/channels/new").status_code == 403
    refused = staff.post("/console/channels/new", {"kind": "fake", "name": "x", "setting_token": "x"})
    assert refused.status_code == 403
    assert console.client.get("/api/v1/channels").json()["total"] == 0


def test_the_channel_pages_speak_german(console: Harness, browser: Callable[..., Browser]) -> None:
    console.register_channel("shop", "fake", {"token": "s3cret"})
    page = browser(Role.ADMIN, language="de").get("/console/channels").text
    for label in (
        "Kanal",
        "Art",
        "Letzter Abgleich",
        "Ergebnis",
        "In Quarantäne",
        "Jetzt abgleichen",
        "Kanal hinzufügen",
    ):
        assert label in page, label


def test_sync_now_in_the_list_comes_back_to_the_list_with_the_result(
    console: Harness, kind: FakeKind, browser: Callable[..., Browser]
) -> None:
    console.register_channel("shop", "fake", {"token": "s3cret"})
    for n in range(3):
        kind.shop().put(channel_order(f"A{n}"), console.clock.now() - timedelta(hours=1))
    answer = browser().post("/console/channels/shop/sync", {"back": "list"})
    assert answer.status_code == 200 and '<th scope="col">Last sync</th>' in answer.text
    assert "Sync of shop finished: 3 fetched, 3 imported" in answer.text
    row = re.search(r'<a href="/console/channels/shop">shop</a>.*?</tr>', answer.text, re.DOTALL)
    assert row and "3 fetched, 3 imported" in row[0]


def test_the_built_in_kinds_show_as_merchants_write_them(
    console: Harness, browser: Callable[..., Browser]
) -> None:
    console.register_channel(
        "woo", "jtl-connector", {"url": "https://shop.example/jtlconnector/", "token": "t"}
    )
    assert "<td>JTL-Connector</td>" in browser().get("/console/channels").text
