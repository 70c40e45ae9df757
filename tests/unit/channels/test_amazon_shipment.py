"""Receipts and confirmShipment bodies (pure)."""

from __future__ import annotations

from datetime import UTC, datetime

from adapters.channels.amazon.shipment import (
    confirmation_body,
    items_to_confirm,
    make_receipt,
    package_reference_id,
    read_receipt,
)
from domain.order_line import OrderLine, Tracking

ORDER = {
    "orderId": "302-1-2",
    "salesChannel": {"channelName": "AMAZON", "marketplaceId": "A1PA6795UKMFR9"},
    "fulfillment": {"fulfillmentStatus": "PARTIALLY_SHIPPED", "fulfilledBy": "MERCHANT"},
    "orderItems": [
        {"orderItemId": "11", "quantityOrdered": 2, "product": {"sellerSku": "MUG"},
         "fulfillment": {"quantityFulfilled": 0, "quantityUnfulfilled": 2}},
        {"orderItemId": "22", "quantityOrdered": 3, "product": {"sellerSku": "TEA"},
         "fulfillment": {"quantityFulfilled": 1, "quantityUnfulfilled": 2}},
    ],
}  # fmt: skip
V0_RECEIPT = (  # what the v0 adapter stored: orders imported before the move are pushed with it
    '{"marketplace":"A1PA6795UKMFR9","fulfilment":"MFN","items":[{"id":"11","sku":"MUG","ordered":2,'
    '"shipped":0},{"id":"22","sku":"TEA","ordered":3,"shipped":1}]}'
)


def receipt() -> dict:
    data = read_receipt(make_receipt(ORDER))
    assert data is not None
    return data


def test_receipt_round_trips_item_ids_quantities_and_marketplace() -> None:
    data = receipt()
    assert data["marketplace"] == "A1PA6795UKMFR9"
    assert [(i["id"], i["ordered"], i["shipped"]) for i in data["items"]] == [("11", 2, 0), ("22", 3, 1)]


def test_the_2026_receipt_reads_as_the_v0_one_did() -> None:
    assert receipt() == read_receipt(V0_RECEIPT)


def test_an_order_amazon_fulfils_is_marked_afn() -> None:
    afn = ORDER | {"fulfillment": {"fulfillmentStatus": "SHIPPED", "fulfilledBy": "AMAZON"}}
    assert (read_receipt(make_receipt(afn)) or {})["fulfilment"] == "AFN"


def test_unreadable_receipt_is_none() -> None:
    assert read_receipt("not json") is None
    assert read_receipt(None) is None


def test_shipped_confirms_every_unshipped_quantity() -> None:
    assert items_to_confirm(receipt(), [], whole_order=True) == [
        {"orderItemId": "11", "quantity": 2},
        {"orderItemId": "22", "quantity": 2},
    ]


def test_partially_shipped_confirms_the_pushed_lines_by_sku() -> None:
    lines = [OrderLine(sku="TEA", title="Tea", quantity=1, unit_price="1.00")]
    assert items_to_confirm(receipt(), lines, whole_order=False) == [{"orderItemId": "22", "quantity": 1}]


def test_package_reference_is_a_positive_number_stable_per_push() -> None:
    first = package_reference_id("push-1")
    assert first.isdigit() and int(first) > 0
    assert package_reference_id("push-1") == first
    assert package_reference_id("push-2") != first


def test_body_names_known_carriers_by_code_and_others_by_name() -> None:
    when = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
    items = [{"orderItemId": "11", "quantity": 2}]
    dhl = confirmation_body("A1PA6795UKMFR9", "p", Tracking(carrier="dhl", number="003404"), when, items)
    assert dhl["packageDetail"]["carrierCode"] == "DHL"
    assert dhl["packageDetail"]["shipDate"] == "2026-11-02T09:30:00Z"
    other = confirmation_body(
        "A1PA6795UKMFR9", "p", Tracking(carrier="Kurier Mayer", number="9"), when, items
    )
    assert (other["packageDetail"]["carrierCode"], other["packageDetail"]["carrierName"]) == (
        "Other",
        "Kurier Mayer",
    )
