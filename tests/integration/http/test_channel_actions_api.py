"""Pausing, resuming and removing a channel, and retrying or dismissing its quarantined orders,
through HTTP on every store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from pydantic import TypeAdapter

from domain.address import Address
from domain.channel import Channel
from entrypoints.http import response_models as rm
from ports.channels import PulledPage, RetryableChannelError
from tests.support.fake_channel import (
    FakeChannel,
    FakeKind,
    FetchingFakeChannel,
    RemappingFakeChannel,
    channel_order,
    registry_with,
)
from tests.support.harness import Harness
from tests.support.order_data import ADDRESS

URL = "/api/v1/channels/shop"


def started(start_harness: Callable[..., Harness], kind: FakeKind) -> Harness:
    h = start_harness(kinds=registry_with(kind))
    h.register_channel("shop", "fake", {"token": "s3cret"})
    kind.shop().put(channel_order("A1"), h.clock.now() - timedelta(hours=1))
    kind.shop().broken["A2"] = "no line items"
    summary = h.sync("shop")
    assert (summary["imported"], summary["quarantined"]) == (1, 1), summary
    return h


@pytest.fixture
def kind() -> FakeKind:
    return FakeKind(FetchingFakeChannel)


@pytest.fixture
def h(start_harness: Callable[..., Harness], kind: FakeKind) -> Harness:
    """Channel ``shop`` with order A1 imported and A2 quarantined (fetches orders by id)."""
    return started(start_harness, kind)


def fix(kind: FakeKind, external_id: str) -> None:
    """The order now maps (the shop's data was mended), without the shop reporting it changed."""
    kind.shop().orders[external_id] = channel_order(external_id)


# ---- pause and resume -----------------------------------------------------------------------


def test_a_paused_channel_is_shown_paused_and_not_synced_on_request_until_resumed(h: Harness) -> None:
    paused = h.client.patch(URL, json={"paused": True})
    assert paused.status_code == 200, paused.text
    assert paused.json()["paused"] is True and paused.json()["paused_at"] is not None
    [listed] = h.client.get("/api/v1/channels").json()["items"]
    assert listed["paused"] is True
    refused = h.client.post(f"{URL}/sync")
    assert refused.status_code == 409
    assert "channel 'shop' is paused" in refused.json()["detail"]
    assert h.client.get(URL).json()["sync_log"][0]["fetched"] == 2  # the refused sync left no entry
    resumed = h.client.patch(URL, json={"paused": False})
    assert resumed.status_code == 200 and resumed.json()["paused"] is False
    assert h.client.post(f"{URL}/sync").status_code == 200


def test_pausing_keeps_the_other_settings_and_a_patch_without_paused_keeps_it_paused(h: Harness) -> None:
    assert h.client.patch(URL, json={"paused": True, "sync_interval_seconds": 600}).status_code == 200
    changed = h.client.patch(URL, json={"settings": {"shop": "main"}})
    assert changed.status_code == 200, changed.text
    assert (changed.json()["paused"], changed.json()["sync_interval_seconds"]) == (True, 600)


def test_bad_patches_are_refused(h: Harness) -> None:
    unknown_field = h.client.patch(URL, json={"pause": True})
    assert unknown_field.status_code == 422 and "pause" in unknown_field.json()["detail"]
    not_a_bool = h.client.patch(URL, json={"paused": "maybe"})
    assert not_a_bool.status_code == 422 and "paused" in not_a_bool.json()["detail"]
    assert h.client.patch("/api/v1/channels/nope", json={"paused": True}).status_code == 404
    assert h.client.get(URL).json()["paused"] is False


# ---- removal --------------------------------------------------------------------------------


def test_a_removed_channel_is_gone_but_its_orders_stay_and_name_it(h: Harness, kind: FakeKind) -> None:
    [order] = h.orders(channel="shop")
    assert h.client.delete(URL).status_code == 204
    assert h.client.get(URL).status_code == 404
    assert h.client.get("/api/v1/channels").json()["items"] == []
    assert h.client.post(f"{URL}/sync").status_code == 404
    assert h.client.get(f"{URL}/quarantine").status_code == 404
    assert h.client.delete(URL).status_code == 404
    kept = h.order(order["id"])
    assert kept["source"] == {"kind": "fake", "channel": "shop", "external_id": "A1", "external_number": None}
    assert h.services.channels.secret_names("fake") == {"token"}
    with pytest.raises(LookupError):
        h.services.channels.settings("shop")  # its settings and secrets are gone


def test_the_name_of_a_removed_channel_can_be_registered_again_and_starts_afresh(
    h: Harness, kind: FakeKind
) -> None:
    [order] = h.orders(channel="shop")
    assert h.client.delete(URL).status_code == 204
    again = h.register_channel("shop", "fake", {"token": "new"}, sync_interval_seconds=300)
    assert (again["quarantined"], again["last_sync"], again["watermark"]) == (0, None, None)
    assert again["sync_interval_seconds"] == 300
    assert h.client.get(URL).json()["sync_log"] == []  # the removed one's syncs are not its own
    kind.shop().put(channel_order("A1", price="12.00"), h.clock.now())  # the same shop, connected again
    summary = h.sync("shop")
    assert summary["updated"] == 1 and summary["imported"] == 0, summary
    assert len(h.client.get(URL).json()["sync_log"]) == 1
    assert h.order(order["id"])["lines"][0]["unit_price"] == "12.00"


def test_removing_drops_the_changes_the_channel_had_not_confirmed_with_a_record(h: Harness) -> None:
    [order] = h.orders(channel="shop")
    shipped = h.set_status(order["id"], "shipped", tracking={"carrier": "DHL", "number": "1"})
    assert shipped["pending_pushes"] == 1
    assert h.client.delete(URL).status_code == 204
    after = h.order(order["id"])
    assert after["pending_pushes"] == 0
    assert after["push_refused"] is not None and "channel 'shop' was removed" in after["push_refused"]
    assert [e["type"] for e in h.events(order["id"])][-1] == "PushRejected"


def test_unknown_channels_are_404(h: Harness) -> None:
    assert h.client.delete("/api/v1/channels/nope").status_code == 404
    assert h.client.post("/api/v1/channels/nope/quarantine/A2/retry").status_code == 404
    dismiss = h.client.post("/api/v1/channels/nope/quarantine/A2/dismiss", json={"reason": "x"})
    assert dismiss.status_code == 404


# ---- quarantine -----------------------------------------------------------------------------


def test_the_quarantine_shows_the_payload_as_received(h: Harness) -> None:
    [entry] = h.quarantine("shop")
    assert (entry["external_id"], entry["reason"], entry["attempts"]) == ("A2", "no line items", 1)
    assert entry["raw"] == {"id": "A2"} and entry["first_seen"]


def test_a_retried_order_that_now_maps_is_imported(h: Harness, kind: FakeKind) -> None:
    fix(kind, "A2")
    response = h.client.post(f"{URL}/quarantine/A2/retry")
    assert response.status_code == 200, response.text
    assert response.json() == {
        "external_id": "A2",
        "outcome": "imported",
        "how": "fetched",
        "reason": None,
        "attempts": None,
    }
    assert kind.shop().fetched == ["A2"]
    assert h.quarantine("shop") == []
    assert sorted(o["source"]["external_id"] for o in h.orders(channel="shop")) == ["A1", "A2"]


def test_a_retried_order_that_still_fails_stays_with_one_attempt_more(h: Harness, kind: FakeKind) -> None:
    kind.shop().broken["A2"] = "still no line items"
    response = h.client.post(f"{URL}/quarantine/A2/retry")
    assert response.status_code == 200, response.text
    assert (response.json()["outcome"], response.json()["attempts"]) == ("quarantined", 2)
    assert response.json()["reason"] == "still no line items"
    [entry] = h.quarantine("shop")
    assert (entry["attempts"], entry["reason"]) == (2, "still no line items")


def test_an_order_the_channel_no_longer_returns_stays_with_one_attempt_more(
    h: Harness, kind: FakeKind
) -> None:
    del kind.shop().broken["A2"]
    response = h.client.post(f"{URL}/quarantine/A2/retry")
    assert response.status_code == 200, response.text
    assert (response.json()["outcome"], response.json()["attempts"]) == ("not_returned", 2)
    assert h.quarantine("shop")[0]["attempts"] == 2


def test_retrying_what_is_not_quarantined_is_404_and_on_a_paused_channel_409(h: Harness) -> None:
    missing = h.client.post(f"{URL}/quarantine/A1/retry")
    assert missing.status_code == 404 and "A1" in missing.json()["detail"]
    assert h.client.patch(URL, json={"paused": True}).status_code == 200
    paused = h.client.post(f"{URL}/quarantine/A2/retry")
    assert paused.status_code == 409 and "paused" in paused.json()["detail"]


def test_a_kind_that_remaps_retries_from_the_payload_kept(start_harness: Callable[..., Harness]) -> None:
    kind = FakeKind(RemappingFakeChannel)
    h = started(start_harness, kind)
    fix(kind, "A2")
    response = h.client.post(f"{URL}/quarantine/A2/retry")
    assert response.status_code == 200, response.text
    assert (response.json()["outcome"], response.json()["how"]) == ("imported", "remapped")
    assert kind.shop().remapped == ["A2"]


class Unreachable(FetchingFakeChannel):
    def fetch_orders(self, external_ids: list[str]) -> Iterator[PulledPage]:
        raise RetryableChannelError("fake shop is down")


def test_a_retry_the_channel_cannot_answer_says_why_and_changes_nothing(
    start_harness: Callable[..., Harness],
) -> None:
    kind = FakeKind()
    h = started(start_harness, kind)
    kind.channel = Unreachable
    response = h.client.post(f"{URL}/quarantine/A2/retry")
    assert response.status_code == 200, response.text
    assert (response.json()["outcome"], response.json()["reason"]) == ("channel_error", "fake shop is down")
    assert response.json()["attempts"] == 1 and h.quarantine("shop")[0]["attempts"] == 1


def test_a_kind_that_can_neither_fetch_nor_remap_is_409(start_harness: Callable[..., Harness]) -> None:
    h = started(start_harness, FakeKind(FakeChannel))
    response = h.client.post(f"{URL}/quarantine/A2/retry")
    assert response.status_code == 409
    assert "can neither fetch one order again nor map a stored payload again" in response.json()["detail"]
    assert h.quarantine("shop")[0]["attempts"] == 1


def test_a_dismissed_order_leaves_the_list_with_its_reason_and_is_not_quarantined_again(
    h: Harness, kind: FakeKind
) -> None:
    body = {"reason": "a test order from the shop's setup"}
    response = h.client.post(f"{URL}/quarantine/A2/dismiss", json=body)
    assert response.status_code == 200, response.text
    page = response.json()
    assert (page["items"], page["total"]) == ([], 0)
    [dismissed] = page["dismissed"]
    assert (dismissed["external_id"], dismissed["reason"]) == ("A2", "a test order from the shop's setup")
    assert h.client.get(URL).json()["quarantined"] == 0
    summary = h.sync("shop")  # the shop still sends it, broken
    assert summary["quarantined"] == 0 and h.quarantine("shop") == []
    events = list(h.services.book.events.get(Channel.id_for("shop")))
    [event] = [e for e in events if isinstance(e, Channel.QuarantineDismissed)]
    assert event.actor is not None and event.actor.name == "ORDERHUB_API_KEY"


def test_dismissing_needs_a_reason_and_a_quarantined_order(h: Harness) -> None:
    for body in ({}, {"reason": "  "}, {"reason": "x", "why": "y"}):
        response = h.client.post(f"{URL}/quarantine/A2/dismiss", json=body)
        assert response.status_code == 422, response.text
    missing = h.client.post(f"{URL}/quarantine/A1/dismiss", json={"reason": "x"})
    assert missing.status_code == 404
    assert len(h.quarantine("shop")) == 1


def test_the_documented_dismissal_example_is_accepted(h: Harness) -> None:
    doc: dict[str, Any] = h.client.get("/openapi.json").json()
    content = doc["paths"]["/api/v1/channels/{name}/quarantine/{external_id}/dismiss"]["post"]["requestBody"]
    [example] = [e["value"] for e in content["content"]["application/json"]["examples"].values()]
    assert h.client.post(f"{URL}/quarantine/A2/dismiss", json=example).status_code == 200


def test_the_answers_match_their_documented_models(h: Harness, kind: FakeKind) -> None:
    [order] = h.orders(channel="shop")
    answers: list[tuple[Any, Any]] = [
        (h.client.patch(URL, json={"paused": True}), rm.ChannelView),
        (h.client.get("/api/v1/channels"), rm.ChannelPage),
        (h.client.patch(URL, json={"paused": False}), rm.ChannelView),
        (h.client.post(f"{URL}/quarantine/A2/retry"), rm.QuarantineRetryView),
        (h.client.post(f"{URL}/quarantine/A2/dismiss", json={"reason": "test"}), rm.QuarantinePage),
        (h.client.post(f"/api/v1/orders/{order['id']}/notes", json={"text": "hi"}), rm.OrderView),
        (h.client.put(f"/api/v1/orders/{order['id']}/shipping-address", json=ADDRESS), rm.OrderView),
    ]
    for response, model in answers:
        assert response.status_code in (200, 201), response.text
        TypeAdapter(model).validate_python(response.json())  # extra fields are refused too


def test_a_corrected_address_of_a_channel_order_stands_until_the_channel_reports_a_new_one(
    h: Harness, kind: FakeKind
) -> None:
    home = Address.model_validate(ADDRESS)
    first = channel_order("C1").model_copy(update={"shipping_address": home})
    kind.shop().put(first, h.clock.now())
    h.sync("shop")
    [order] = [o for o in h.orders(channel="shop") if o["source"]["external_id"] == "C1"]
    fixed = {**ADDRESS, "street": "Hauptstraße 11"}
    corrected = h.client.put(f"/api/v1/orders/{order['id']}/shipping-address", json=fixed)
    assert corrected.status_code == 200, corrected.text
    h.clock.advance(minutes=10)
    kind.shop().put(first.model_copy(update={"note": "gift wrap"}), h.clock.now())  # the old address
    assert h.sync("shop")["updated"] == 1
    assert h.order(order["id"])["shipping_address"]["street"] == "Hauptstraße 11"
    h.clock.advance(minutes=10)
    moved = home.model_copy(update={"street": "Neue Straße 5"})
    kind.shop().put(first.model_copy(update={"shipping_address": moved}), h.clock.now())
    assert h.sync("shop")["updated"] == 1
    assert h.order(order["id"])["shipping_address"]["street"] == "Neue Straße 5"  # the buyer's newer word
