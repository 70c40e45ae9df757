"""The sync use case, driven through HTTP against an in-memory channel kind."""

from __future__ import annotations

from datetime import timedelta

from domain.status import OrderStatus
from tests.support.fake_channel import FakeKind, channel_order
from tests.support.harness import Harness


def test_first_sync_imports_every_order_once_and_acknowledges_them(h: Harness, kind: FakeKind) -> None:
    for n in range(5):
        kind.shop().put(channel_order(f"A{n}"), h.clock.now() - timedelta(days=1))
    summary = h.sync("shop")
    assert summary | {"error": None} == {
        "fetched": 5,
        "imported": 5,
        "updated": 0,
        "unchanged": 0,
        "quarantined": 0,
        "pushed": 0,
        "complete": True,
        "error": None,
    }
    orders = h.orders(channel="shop")
    assert sorted(o["source"]["external_id"] for o in orders) == [f"A{n}" for n in range(5)]
    assert sorted(kind.shop().acked) == [f"A{n}" for n in range(5)]
    assert len({o["customer_id"] for o in orders}) == 1  # one buyer, one customer


def test_unchanged_resync_records_nothing(h: Harness, kind: FakeKind) -> None:
    kind.shop().put(channel_order("A1"), h.clock.now() - timedelta(minutes=1))
    h.sync("shop")
    h.clock.advance(minutes=1)
    summary = h.sync("shop")  # the overlap re-delivers A1
    assert (summary["imported"], summary["unchanged"]) == (0, 1)
    [order] = h.orders(channel="shop")
    assert [e["type"] for e in h.events(order["id"])] == ["ImportedFromChannel"]


def test_a_changed_order_records_one_status_synced(h: Harness, kind: FakeKind) -> None:
    kind.shop().put(channel_order("A1", OrderStatus.PENDING), h.clock.now() - timedelta(minutes=1))
    h.sync("shop")
    h.clock.advance(minutes=2)
    kind.shop().put(channel_order("A1", OrderStatus.SHIPPED), h.clock.now() - timedelta(seconds=30))
    assert h.sync("shop")["updated"] == 1
    h.clock.advance(minutes=1)
    assert h.sync("shop")["updated"] == 0
    [order] = h.orders(channel="shop")
    assert [e["type"] for e in h.events(order["id"])] == ["ImportedFromChannel", "StatusSynced"]
    assert order["status"] == "shipped"


def test_a_bad_order_is_quarantined_and_the_rest_imported(h: Harness, kind: FakeKind) -> None:
    kind.shop().put(channel_order("A1"), h.clock.now() - timedelta(minutes=1))
    kind.shop().broken["B1"] = "line 1 has no price"
    summary = h.sync("shop")
    assert (summary["imported"], summary["quarantined"]) == (1, 1)
    [entry] = h.quarantine("shop")
    assert (entry["external_id"], entry["reason"], entry["attempts"]) == ("B1", "line 1 has no price", 1)
    h.sync("shop")
    assert h.quarantine("shop")[0]["attempts"] == 2


def test_a_sync_that_stops_early_keeps_what_it_saved_and_resumes(h: Harness, kind: FakeKind) -> None:
    for n in range(6):
        kind.shop().put(channel_order(f"A{n}"), h.clock.now() - timedelta(days=1))
    kind.shop().fail_after_pages = 1
    summary = h.sync("shop")
    assert (summary["complete"], summary["imported"]) == (False, 2)
    assert "fake shop is down" in summary["error"]
    kind.shop().fail_after_pages = None
    summary = h.sync("shop")
    assert (summary["complete"], summary["imported"]) == (True, 4)
    assert len(h.orders(channel="shop")) == 6


def test_a_status_change_here_is_pushed_once_and_confirmed(h: Harness, kind: FakeKind) -> None:
    kind.shop().put(channel_order("A1"), h.clock.now() - timedelta(minutes=1))
    h.sync("shop")
    [order] = h.orders(channel="shop")
    h.set_status(order["id"], "shipped", tracking={"carrier": "DHL", "number": "0034"})
    assert h.sync("shop")["pushed"] == 1
    assert h.sync("shop")["pushed"] == 0
    [push] = kind.shop().pushes
    assert (push.external_id, push.status, push.tracking.number) == ("A1", "shipped", "0034")
    assert [e["type"] for e in h.events(order["id"])][-2:] == ["StatusChanged", "StatusPushed"]


def test_secrets_are_masked_in_the_channel_and_absent_from_the_event_log(h: Harness) -> None:
    body = h.client.get("/api/v1/channels/shop").json()
    assert body["settings"]["token"] == "********"
    assert "s3cret" not in h.client.get("/api/v1/channels").text
    everything = h.services.book.recorder.select_notifications(start=1, limit=1000)
    assert all(b"s3cret" not in n.state for n in everything)


def test_a_second_sync_while_one_runs_is_refused(h: Harness) -> None:
    assert h.services.sync._leases.try_lease("shop", "someone-else", h.clock.now(), 60)
    assert h.client.post("/api/v1/channels/shop/sync").status_code == 409


def test_a_push_says_when_the_order_was_paid_and_shipping_alone_does_not_mean_paid(
    h: Harness, kind: FakeKind
) -> None:
    kind.shop().put(channel_order("A1", OrderStatus.OPEN), h.clock.now() - timedelta(minutes=1))
    kind.shop().put(channel_order("A2", OrderStatus.OPEN), h.clock.now() - timedelta(minutes=1))
    h.sync("shop")
    by_id = {o["source"]["external_id"]: o["id"] for o in h.orders(channel="shop")}
    h.set_status(by_id["A1"], "paid")
    h.set_status(by_id["A1"], "shipped")
    h.set_status(by_id["A2"], "shipped")
    h.sync("shop")
    paid = {(p.external_id, p.status): p.paid_at for p in kind.shop().pushes}
    assert paid[("A1", "paid")] == paid[("A1", "shipped")] == h.clock.now()
    assert paid[("A2", "shipped")] is None


def test_a_partial_shipment_pushes_only_the_lines_in_its_parcel(h: Harness, kind: FakeKind) -> None:
    kind.shop().put(channel_order("A1"), h.clock.now() - timedelta(minutes=1))
    h.sync("shop")
    [order] = h.orders(channel="shop")
    h.set_status(
        order["id"],
        "partially_shipped",
        tracking={"carrier": "DHL", "number": "1"},
        lines=[{"line": 0, "quantity": 1}],
    )
    h.sync("shop")
    [push] = kind.shop().pushes
    assert [(line.sku, line.quantity) for line in push.lines] == [("SKU-1", 1)]


def test_a_parcel_naming_a_line_the_order_lacks_is_refused_with_the_field(h: Harness, kind: FakeKind) -> None:
    kind.shop().put(channel_order("A1"), h.clock.now() - timedelta(minutes=1))
    h.sync("shop")
    [order] = h.orders(channel="shop")
    response = h.client.post(
        f"/api/v1/orders/{order['id']}/status",
        json={"status": "shipped", "lines": [{"line": 5, "quantity": 1}]},
    )
    assert response.status_code == 422
    assert response.json()["detail"].startswith("lines:")
    assert len(h.events(order["id"])) == 1


def test_changing_a_setting_keeps_the_stored_secret_and_masks_it(h: Harness, kind: FakeKind) -> None:
    response = h.client.patch("/api/v1/channels/shop", json={"settings": {"shop": "other"}})
    assert response.status_code == 200, response.text
    assert response.json()["settings"] == {
        "shop": "other",
        "token": "********",
        "overlap_minutes": 5,
        "initial_lookback_days": 30,
    }
    assert h.services.channels.settings("shop")[1].token.get_secret_value() == "s3cret"  # type: ignore[attr-defined]
    kind.shop("other").put(channel_order("X1"), h.clock.now() - timedelta(minutes=1))
    assert h.sync("shop")["imported"] == 1


def test_the_sync_interval_can_be_set_and_cleared(h: Harness) -> None:
    assert (
        h.client.patch("/api/v1/channels/shop", json={"sync_interval_seconds": 60}).json()[
            "sync_interval_seconds"
        ]
        == 60
    )
    assert (
        h.client.patch("/api/v1/channels/shop", json={"sync_interval_seconds": None}).json()[
            "sync_interval_seconds"
        ]
        is None
    )
    assert (
        h.client.patch("/api/v1/channels/shop", json={"settings": {"overlap_minutes": "x"}}).status_code
        == 422
    )
