"""Status changes made here -> JTL-Connector StatusChange / DeliveryNote models, and stable hostIds."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.channels.jtl_connector.protocol import Features, host_id_for
from adapters.channels.jtl_connector.push_mapping import delivery_note, status_change
from domain.order_line import Tracking
from domain.status import OrderStatus
from simulators.jtl_connector.state import shopper_view


@pytest.mark.parametrize(
    ("status", "order_status", "payment_status", "shopper_sees"),
    [
        (OrderStatus.PAID, "new", "completed", "wc-processing"),
        (OrderStatus.PARTIALLY_SHIPPED, "partially_shipped", "completed", "wc-processing"),
        (OrderStatus.SHIPPED, "shipped", "completed", "wc-completed"),
        (OrderStatus.CANCELLED, "cancelled", "", "wc-cancelled"),
    ],
)
def test_each_status_set_here_becomes_a_status_change_the_shop_shows(
    status: OrderStatus, order_status: str, payment_status: str, shopper_sees: str
) -> None:
    model = status_change("4711", status)
    assert model == {
        "customerOrderId": ["4711", 4711],
        "orderStatus": order_status,
        "paymentStatus": payment_status,
    }
    assert shopper_view(order_status, payment_status) == shopper_sees


def test_statuses_the_protocol_cannot_express_give_no_model() -> None:
    assert status_change("4711", OrderStatus.OPEN) is None


def test_a_delivery_note_carries_the_tracking_as_a_tracking_list() -> None:
    note = delivery_note(
        "4711", "push-1", Tracking(carrier="DHL", number="00340434"), datetime(2026, 5, 4, tzinfo=UTC), False
    )
    assert note["customerOrderId"] == ["4711", 4711]
    assert note["trackingLists"] == [{"name": "DHL", "codes": ["00340434"], "trackingURLs": []}]
    assert note["id"][0] == "" and note["creationDate"] == "2026-05-04T00:00:00+00:00"


def test_a_resent_delivery_note_has_the_same_host_id_so_the_shop_updates_it() -> None:
    tracking, now = Tracking(carrier="DHL", number="1"), datetime(2026, 5, 4, tzinfo=UTC)
    first = delivery_note("4711", "push-1", tracking, now, False)
    assert delivery_note("4711", "push-1", tracking, now, False)["id"] == first["id"]
    assert delivery_note("4711", "push-2", tracking, now, False)["id"] != first["id"]


def test_numeric_shop_keys_are_their_own_host_ids() -> None:
    assert host_id_for("4711") == 4711


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1, max_size=60))
def test_host_ids_are_stable_positive_32_bit_integers(endpoint_id: str) -> None:
    host = host_id_for(endpoint_id)
    assert host == host_id_for(endpoint_id) and 0 < host < 2**31


def test_features_read_entities_and_flags_and_default_to_false() -> None:
    features = Features.from_result(
        {"entities": {"CustomerOrder": {"pull": True, "push": False}}, "flags": {"needs_finish_call": True}}
    )
    assert features.can("CustomerOrder", "pull") and not features.can("CustomerOrder", "push")
    assert not features.can("DeliveryNote", "push")
    assert features.flag("needs_finish_call") and not features.flag("disable_statistics")


def test_a_shipment_not_known_to_be_paid_leaves_the_payment_status_alone() -> None:
    model = status_change("4711", OrderStatus.SHIPPED, paid=False)
    assert model is not None
    assert (model["orderStatus"], model["paymentStatus"]) == ("shipped", "")
