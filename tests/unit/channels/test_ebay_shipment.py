"""eBay receipts and the shipping-fulfillment body a status push becomes."""

from __future__ import annotations

from datetime import UTC, datetime

from adapters.channels.ebay.receipt import parse_receipt, receipt_for
from adapters.channels.ebay.shipment import carrier_code, fulfillment_body, not_sent, same_shipment
from domain.order_line import OrderLine, Tracking
from domain.status import OrderStatus
from ports.channels import PushOutcome, StatusPush
from tests.unit.channels.ebay_payloads import line, order

SHIPPED_AT = datetime(2026, 11, 21, 8, 30, 0, 123456, tzinfo=UTC)
TWO_LINES = order(
    lineItems=[
        line("10000000001", quantity=2),
        line("10000000002", "Kuchenform Ø 26 cm", 1, "7.50", sku=None),
    ]
)
RECEIPT = parse_receipt(receipt_for(TWO_LINES))


def _push(
    status: OrderStatus, lines: list[OrderLine] | None = None, tracking: Tracking | None = None
) -> StatusPush:
    return StatusPush(
        push_id="p1",
        order_id="o1",
        external_id="12-03955-36441",
        status=status,
        tracking=tracking,
        lines=lines or [],
    )


def test_a_receipt_round_trips_the_line_item_ids_skus_and_quantities() -> None:
    assert RECEIPT is not None
    assert RECEIPT.order_id == "12-03955-36441"
    assert [(r.line_item_id, r.sku, r.quantity) for r in RECEIPT.lines] == [
        ("10000000001", "TASSE-WS-300", 2),
        ("10000000002", None, 1),
    ]
    assert RECEIPT.lines[1].title == "Kuchenform Ø 26 cm"


def test_a_receipt_that_is_not_an_ebay_receipt_reads_as_none() -> None:
    assert parse_receipt("kBestellung=17") is None
    assert parse_receipt('{"v": 2}') is None
    assert parse_receipt(None) is None


def test_shipped_names_every_line_with_its_full_quantity_and_the_tracking() -> None:
    assert RECEIPT is not None
    body = fulfillment_body(
        _push(OrderStatus.SHIPPED, tracking=Tracking(carrier="DHL", number="0034 0434-1612")),
        RECEIPT,
        SHIPPED_AT,
    )
    assert body == {
        "lineItems": [
            {"lineItemId": "10000000001", "quantity": 2},
            {"lineItemId": "10000000002", "quantity": 1},
        ],
        "shippedDate": "2026-11-21T08:30:00.123Z",
        "shippingCarrierCode": "DHL",
        "trackingNumber": "003404341612",
    }


def test_shipped_without_tracking_sends_no_carrier_or_number() -> None:
    assert RECEIPT is not None
    body = fulfillment_body(_push(OrderStatus.SHIPPED), RECEIPT, SHIPPED_AT)
    assert isinstance(body, dict)
    assert "trackingNumber" not in body and "shippingCarrierCode" not in body


def test_a_partial_shipment_names_only_its_lines_matched_by_sku_or_title() -> None:
    assert RECEIPT is not None
    parcel = [OrderLine(sku=None, title="Kuchenform Ø 26 cm", quantity=1, unit_price="7.50")]
    body = fulfillment_body(_push(OrderStatus.PARTIALLY_SHIPPED, parcel), RECEIPT, SHIPPED_AT)
    assert isinstance(body, dict)
    assert body["lineItems"] == [{"lineItemId": "10000000002", "quantity": 1}]


def test_a_partial_shipment_of_a_line_ebay_does_not_know_is_refused() -> None:
    assert RECEIPT is not None
    parcel = [OrderLine(sku="UNKNOWN", title="Etwas anderes", quantity=1, unit_price="1.00")]
    outcome = fulfillment_body(_push(OrderStatus.PARTIALLY_SHIPPED, parcel), RECEIPT, SHIPPED_AT)
    assert isinstance(outcome, PushOutcome)
    assert not outcome.delivered
    assert "UNKNOWN" in (outcome.detail or "")


def test_paid_and_cancelled_are_refused_saying_to_use_seller_hub() -> None:
    """Not delivered: the outbox records PushRejected and does not count them as pushed (issue 18.15)."""
    assert RECEIPT is not None
    for status in (OrderStatus.PAID, OrderStatus.CANCELLED):
        outcome = fulfillment_body(_push(status), RECEIPT, SHIPPED_AT)
        assert isinstance(outcome, PushOutcome)
        assert not outcome.delivered
        assert (outcome.detail or "").startswith("eBay cannot take ")
        assert "in Seller Hub" in (outcome.detail or "")


def test_a_seller_cancellation_says_to_cancel_the_order_in_seller_hub() -> None:
    outcome = not_sent(_push(OrderStatus.CANCELLED))
    assert outcome is not None and not outcome.delivered
    assert (outcome.detail or "").startswith(
        "eBay cannot take a seller cancellation through its API: cancel the order in Seller Hub"
    )


def test_a_status_ebay_has_no_call_for_is_refused_and_shipments_are_not() -> None:
    outcome = not_sent(_push(OrderStatus.OPEN))
    assert outcome is not None and not outcome.delivered
    assert outcome.detail == "eBay cannot take open through its API: change the order in Seller Hub"
    assert not_sent(_push(OrderStatus.SHIPPED)) is None
    assert not_sent(_push(OrderStatus.PARTIALLY_SHIPPED)) is None


def test_common_carrier_spellings_become_ebay_carrier_codes() -> None:
    assert carrier_code("Deutsche Post") == "DeutschePost"
    assert carrier_code("dhl") == "DHL"
    assert carrier_code("Spedition Müller") == "Spedition Müller"


def test_a_fulfillment_with_the_same_tracking_number_is_the_same_shipment() -> None:
    body = {"lineItems": [{"lineItemId": "1", "quantity": 1}], "trackingNumber": "ABC123"}
    assert same_shipment({"shipmentTrackingNumber": "ABC123", "lineItems": []}, body)
    assert not same_shipment({"shipmentTrackingNumber": "XYZ999", "lineItems": []}, body)


def test_a_partial_shipment_listing_every_line_is_refused_because_ebay_would_mark_all_shipped() -> None:
    assert RECEIPT is not None
    everything = [
        OrderLine(sku="TASSE-WS-300", title="Kaffeetasse weiß, 300 ml", quantity=2, unit_price="12.90"),
        OrderLine(sku=None, title="Kuchenform Ø 26 cm", quantity=1, unit_price="7.50"),
    ]
    outcome = fulfillment_body(_push(OrderStatus.PARTIALLY_SHIPPED, everything), RECEIPT, SHIPPED_AT)
    assert isinstance(outcome, PushOutcome)
    assert not outcome.delivered and "every line" in (outcome.detail or "")
