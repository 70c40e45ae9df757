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

ORDER = {"AmazonOrderId": "302-1-2", "MarketplaceId": "A1PA6795UKMFR9"}
ITEMS = [
    {"OrderItemId": "11", "SellerSKU": "MUG", "QuantityOrdered": 2, "QuantityShipped": 0},
    {"OrderItemId": "22", "SellerSKU": "TEA", "QuantityOrdered": 3, "QuantityShipped": 1},
]


def receipt() -> dict:
    data = read_receipt(make_receipt(ORDER, ITEMS))
    assert data is not None
    return data


def test_receipt_round_trips_item_ids_quantities_and_marketplace() -> None:
    data = receipt()
    assert data["marketplace"] == "A1PA6795UKMFR9"
    assert [(i["id"], i["ordered"], i["shipped"]) for i in data["items"]] == [("11", 2, 0), ("22", 3, 1)]


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
