"""Which dbeS files carry an orderhub status change to JTL-Shop."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime

from hypothesis import given
from hypothesis import strategies as st

from adapters.channels.jtl_shop.status_push import Post, delivery_note_id, delivery_note_number, plan_push
from domain.order_line import Tracking
from domain.status import OrderStatus
from ports.channels import StatusPush

NOW = datetime(2024, 5, 6, 14, 30)


def push(status: OrderStatus, tracking: Tracking | None = None, push_id: str = "p1") -> StatusPush:
    return StatusPush(
        push_id=push_id, order_id="o1", external_id="1001", status=status, tracking=tracking, receipt="1001"
    )


def posts(change: StatusPush) -> list[Post]:
    plan = plan_push(change, NOW)
    assert not isinstance(plan, str)
    return plan


def fields(post: Post, name: str = "set_bestellung.xml") -> dict[str, str]:
    order = ET.fromstring(post.files[name]).find("tbestellung")
    assert order is not None and order.get("kBestellung") == "1001"
    return {child.tag: child.text or "" for child in order}


def test_paid_sets_cbezahlt_and_the_payment_date() -> None:
    [post] = posts(push(OrderStatus.PAID))
    assert post.handler == "Bestellungen_xml"
    assert fields(post) == {"cBezahlt": "Y", "dBezahltDatum": "2024-05-06", "cSendeEMail": "Y"}


def test_shipped_with_tracking_sends_a_delivery_note_then_the_shipping_state() -> None:
    note, state = posts(push(OrderStatus.SHIPPED, Tracking(carrier="DHL", number="00340434161094042557")))
    assert (note.handler, list(note.files)) == ("Lieferschein_xml", ["lief.xml"])
    sent = fields(state)
    assert sent["dVersandt"] == "2024-05-06"
    assert sent["cIdentCode"] == "00340434161094042557"
    assert sent["cLogistik"] == "DHL"
    assert "#IdentCode#" in sent["cLogistikURL"]
    assert sent["nKomplettAusgeliefert"] == "1"


def test_shipped_without_tracking_sends_only_the_shipping_state() -> None:
    [state] = posts(push(OrderStatus.SHIPPED))
    assert fields(state)["cIdentCode"] == ""


def test_partially_shipped_needs_a_delivery_note_and_nkomplettausgeliefert_0() -> None:
    note, state = posts(push(OrderStatus.PARTIALLY_SHIPPED, Tracking(carrier="DPD", number="0123")))
    delivery = ET.fromstring(note.files["lief.xml"]).find("tlieferschein")
    assert delivery is not None
    assert delivery.findtext("kInetBestellung") == "1001"
    assert delivery.findtext("tversand/cIdentCode") == "0123"
    assert fields(state)["nKomplettAusgeliefert"] == "0"


def test_a_retried_push_reuses_its_delivery_note_number() -> None:
    assert (
        delivery_note_id(4711, "push-7")
        == delivery_note_id(4711, "push-7")
        != delivery_note_id(4711, "push-8")
    )


def test_the_first_delivery_notes_of_two_orders_get_their_own_key_and_number() -> None:
    # Orders B01004 and B01005 (kBestellung 1004, 1005) shipped at the same version: push id v5 each.
    assert delivery_note_id(1004, "v5") != delivery_note_id(1005, "v5")
    assert delivery_note_number(1004, "v5") != delivery_note_number(1005, "v5")
    assert delivery_note_number(1004, "v5") == "LS-1004-5"


@given(
    st.tuples(st.integers(1, 21_000_000), st.integers(1, 99)),
    st.tuples(st.integers(1, 21_000_000), st.integers(1, 99)),
)
def test_delivery_note_keys_are_unique_across_a_shop(first: tuple[int, int], second: tuple[int, int]) -> None:
    keys = {delivery_note_id(order, f"v{n}") for order, n in (first, second)}
    numbers = {delivery_note_number(order, f"v{n}") for order, n in (first, second)}
    assert len(keys) == len(numbers) == len({first, second})
    assert all(0 < key < 2**31 for key in keys)


def test_cancelled_sends_storno_bestellung() -> None:
    [post] = posts(push(OrderStatus.CANCELLED))
    root = ET.fromstring(post.files["storno_bestellung.xml"])
    assert (root.tag, [e.text for e in root]) == ("storno_bestellungen", ["1001"])


def test_a_status_the_shop_cannot_take_is_not_sent() -> None:
    assert plan_push(push(OrderStatus.OPEN), NOW) == (
        "JTL-Shop cannot set an order back to open through its sync protocol (dbeS):"
        " change the order in the shop's admin"
    )


def test_an_unknown_carrier_gets_no_tracking_link() -> None:
    _, state = posts(push(OrderStatus.SHIPPED, Tracking(carrier="Spedition Müller", number="X1")))
    assert (fields(state)["cLogistik"], fields(state)["cLogistikURL"]) == ("Spedition Müller", "")


def test_shipping_an_order_known_to_be_paid_keeps_its_payment_date() -> None:
    change = push(OrderStatus.SHIPPED).model_copy(update={"paid_at": datetime(2024, 5, 2, 9, 0)})
    *_, post = posts(change)
    assert (fields(post)["cBezahlt"], fields(post)["dBezahltDatum"]) == ("Y", "2024-05-02")


def test_shipping_an_order_not_known_to_be_paid_says_nothing_about_payment() -> None:
    *_, post = posts(push(OrderStatus.SHIPPED))
    assert "cBezahlt" not in fields(post)
