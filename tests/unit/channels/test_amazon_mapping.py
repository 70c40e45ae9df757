"""The Amazon mapper: an SP-API Orders v2026-01-01 order -> ChannelOrder, totals exact to the cent."""

from __future__ import annotations

import copy
import hashlib
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.channels.amazon.mapping import STATUS, AmazonMappingError, map_order
from domain.cancellation_request import CancellationRequest
from domain.order_line import Tracking
from domain.status import OrderStatus
from simulators.amazon.sandbox import example_orders


def money(amount: str, currency: str = "EUR") -> dict[str, str]:
    return {"amount": amount, "currencyCode": currency}


def item(
    item_id: str, sku: str, quantity: int, unit: str | None, *parts: tuple[str, str], **extra: Any
) -> dict[str, Any]:
    product: dict[str, Any] = {"asin": "B00TEST000", "sellerSku": sku, "title": f"Article {sku}"}
    entry: dict[str, Any] = {"orderItemId": item_id, "quantityOrdered": quantity, "product": product,
                             "fulfillment": {"quantityFulfilled": 0, "quantityUnfulfilled": quantity}}  # fmt: skip
    if unit is not None:
        product["price"] = {"unitPrice": money(unit)}
        line = Decimal(unit) * quantity
        breakdowns = [{"type": "ITEM", "subtotal": money(str(line))}]
        breakdowns += [{"type": kind, "subtotal": money(amount)} for kind, amount in parts]
        total = line + sum((Decimal(a) for _, a in parts), Decimal(0))
        entry["proceeds"] = {"proceedsTotal": money(str(total)), "breakdowns": breakdowns}
    return entry | extra


ITEMS = [item("1001", "MUG-1", 2, "12.99", ("SHIPPING", "4.90")), item("1002", "TEA-1", 1, "11.98")]
ORDER: dict[str, Any] = {
    "orderId": "302-1234567-7654321",
    "createdTime": "2026-10-30T18:04:11Z",
    "lastUpdatedTime": "2026-10-30T18:35:02Z",
    "salesChannel": {
        "channelName": "AMAZON",
        "marketplaceId": "A1PA6795UKMFR9",
        "marketplaceName": "Amazon.de",
    },
    "buyer": {"buyerName": "Anna Müller", "buyerEmail": "Q7xk2m9z1abc@marketplace.amazon.de"},
    "recipient": {
        "deliveryAddress": {
            "name": "Anna Müller",
            "companyName": "Müller GmbH",
            "addressLine1": "Hauptstraße 5",
            "addressLine2": "Hinterhaus",
            "postalCode": "10115",
            "city": "Berlin",
            "countryCode": "DE",
            "phone": "+49 30 1234567",
            "addressType": "RESIDENTIAL",
        }
    },
    "proceeds": {"grandTotal": money("42.86")},
    "fulfillment": {"fulfillmentStatus": "UNSHIPPED", "fulfilledBy": "MERCHANT"},
    "orderItems": ITEMS,
}


def with_total(order: dict[str, Any], total: str, *parts: tuple[str, str]) -> dict[str, Any]:
    breakdowns = [{"type": kind, "subtotal": money(amount)} for kind, amount in parts]
    return order | {"proceeds": {"grandTotal": money(total), "breakdowns": breakdowns}}


def test_unshipped_order_maps_to_paid_with_per_unit_prices() -> None:
    order = map_order(ORDER)
    assert order.status is OrderStatus.PAID
    assert [(line.sku, line.quantity, line.unit_price) for line in order.lines] == [
        ("MUG-1", 2, Decimal("12.99")),
        ("TEA-1", 1, Decimal("11.98")),
    ]
    assert (order.shipping_cost, order.adjustments, order.total) == (Decimal("4.90"), [], Decimal("42.86"))


def test_the_delivery_address_and_the_buyer_come_complete() -> None:
    order = map_order(ORDER)
    address = order.shipping_address
    assert address is not None
    assert (address.name, address.company, address.street, address.street2) == (
        "Anna Müller", "Müller GmbH", "Hauptstraße 5", "Hinterhaus")  # fmt: skip
    assert (address.postal_code, address.city, address.country_code, address.phone) == (
        "10115", "Berlin", "DE", "+49 30 1234567")  # fmt: skip
    buyer = order.buyer
    assert buyer.email == buyer.external_id == "q7xk2m9z1abc@marketplace.amazon.de"
    assert buyer.name == "Anna Müller"


def test_the_buyers_company_is_kept() -> None:
    buyer = ORDER["buyer"] | {"buyerCompanyName": "Oliveira Tecnologia Ltda"}
    assert map_order(ORDER | {"buyer": buyer}).buyer.company == "Oliveira Tecnologia Ltda"


def test_a_delivery_tip_belongs_to_no_item_and_becomes_an_adjustment() -> None:
    order = map_order(
        with_total(ORDER, "45.86", ("ITEM", "37.96"), ("SHIPPING", "4.90"), ("DELIVERY_TIP", "3.00"))
    )
    assert [(a.kind, a.title, a.amount) for a in order.adjustments] == [
        ("surcharge", "Delivery tip", Decimal("3.00"))
    ]
    assert order.total == Decimal("45.86")


def test_an_order_discount_beyond_the_items_is_a_negative_adjustment() -> None:
    items = [ITEMS[0] | {"proceeds": {"breakdowns": [{"type": "ITEM", "subtotal": money("25.98")},
             {"type": "SHIPPING", "subtotal": money("4.90")}, {"type": "DISCOUNT", "subtotal": money("-1.00")}]},
             "promotion": {"breakdowns": [{"promotionId": "SPRING-1-OFF"}]}}, ITEMS[1]]  # fmt: skip
    order = map_order(with_total(ORDER | {"orderItems": items}, "39.86", ("DISCOUNT", "-3.00")))
    assert [(a.kind, a.amount) for a in order.adjustments] == [
        ("discount", Decimal("-1.00")),
        ("discount", Decimal("-2.00")),
    ]
    assert "SPRING-1-OFF" in order.adjustments[0].title
    assert order.total == Decimal("39.86")


def test_item_proceeds_not_divisible_by_quantity_keep_the_remainder() -> None:
    pens = item("1", "PEN-3", 3, "3.33") | {
        "proceeds": {"breakdowns": [{"type": "ITEM", "subtotal": money("10.00")}]}
    }
    order = map_order(with_total(ORDER | {"orderItems": [pens]}, "10.00"))
    assert order.lines[0].unit_price == Decimal("3.33")
    assert [(a.kind, a.amount) for a in order.adjustments] == [("surcharge", Decimal("0.01"))]
    assert order.total == Decimal("10.00")


def test_multi_quantity_lines_multiply_the_unit_price() -> None:
    order = map_order(with_total(ORDER | {"orderItems": [item("1", "A", 7, "1.99")]}, "13.93"))
    assert (order.lines[0].quantity, order.lines[0].unit_price, order.total) == (
        7,
        Decimal("1.99"),
        Decimal("13.93"),
    )


def test_us_sales_tax_on_top_becomes_a_tax_adjustment() -> None:
    taxed = item("1", "A", 1, "10.00", ("TAX", "0.83"))
    for part in [
        taxed["proceeds"]["proceedsTotal"],
        *(b["subtotal"] for b in taxed["proceeds"]["breakdowns"]),
    ]:
        part["currencyCode"] = "USD"
    taxed["product"]["price"]["unitPrice"]["currencyCode"] = "USD"
    us = ORDER | {"salesChannel": {"channelName": "AMAZON", "marketplaceId": "ATVPDKIKX0DER"},
                  "proceeds": {"grandTotal": money("10.83", "USD")}, "orderItems": [taxed]}  # fmt: skip
    order = map_order(us)
    assert order.currency == "USD"
    assert [(a.kind, a.amount) for a in order.adjustments] == [("tax", Decimal("0.83"))]
    assert order.total == Decimal("10.83")


def test_a_total_that_does_not_add_up_is_refused() -> None:
    with pytest.raises(AmazonMappingError, match="grandTotal"):
        map_order(with_total(ORDER, "99.99"))


def test_pending_order_without_prices_maps_to_pending_with_zero_prices() -> None:
    pending = {k: v for k, v in ORDER.items() if k not in ("proceeds", "recipient")}
    pending["fulfillment"] = {"fulfillmentStatus": "PENDING", "fulfilledBy": "MERCHANT"}
    order = map_order(
        pending | {"orderItems": [item("1001", "MUG-1", 2, None), item("1002", "TEA-1", 1, None)]}
    )
    assert order.status is OrderStatus.PENDING
    assert order.currency == "EUR"  # from the marketplace: a Pending order carries no amount
    assert [line.unit_price for line in order.lines] == [Decimal("0.00"), Decimal("0.00")]
    assert (order.total, order.shipping_address) == (Decimal("0.00"), None)


def test_blocks_the_sellers_roles_do_not_cover_are_absent_and_the_order_still_imports() -> None:
    bare = {k: v for k, v in ORDER.items() if k not in ("buyer", "recipient", "proceeds", "fulfillment")}
    order = map_order(bare | {"orderItems": [{k: v for k, v in i.items() if k != "proceeds"} for i in ITEMS]})
    assert (order.buyer.email, order.buyer.name, order.shipping_address) == (None, None, None)
    assert order.status is OrderStatus.PAID  # priced: the payment was authorised
    assert order.total == Decimal("37.96")


def test_an_address_without_name_or_street_is_left_out() -> None:
    partial = {"postalCode": "10115", "city": "Berlin", "countryCode": "DE"}
    assert map_order(ORDER | {"recipient": {"deliveryAddress": partial}}).shipping_address is None


def test_a_buyers_cancellation_request_shows_until_it_is_resolved() -> None:
    asked = copy.deepcopy(ORDER)
    asked["orderItems"][0]["cancellation"] = {
        "cancellationRequest": {"requester": "BUYER", "cancelReason": "Ordered by mistake"}
    }
    assert map_order(asked).cancellation_request == CancellationRequest(
        requested_by="buyer", reason="Ordered by mistake"
    )
    assert map_order(ORDER).cancellation_request is None
    cancelled = asked | {"fulfillment": {"fulfillmentStatus": "CANCELLED", "fulfilledBy": "MERCHANT"}}
    assert map_order(cancelled).cancellation_request is None


def test_an_open_cancellation_request_changes_the_fingerprint_and_none_keeps_the_old_one() -> None:
    asked = copy.deepcopy(ORDER)
    asked["orderItems"][1]["cancellation"] = {"cancellationRequest": {"requester": "BUYER"}}
    plain = map_order(ORDER)
    assert map_order(asked).fingerprint() != plain.fingerprint()
    # Without a request the content serialises as before the field existed: fingerprints stored by
    # earlier versions still match, so an upgrade records no spurious update.
    # (the external number, added later, is never part of the fingerprint).
    before_the_field = plain.model_dump_json(exclude={"channel_updated_at", "external_number"})
    assert "cancellation_request" not in before_the_field
    assert plain.fingerprint() == hashlib.sha256(before_the_field.encode()).hexdigest()[:32]


def test_packages_shipped_in_seller_central_become_tracking() -> None:
    packages = [
        {"packageReferenceId": "1", "carrier": "DPD", "trackingNumber": "15501234567890123456",
         "packageStatus": {"status": "IN_TRANSIT"}},
        {"packageReferenceId": "2", "carrier": "DHL", "trackingNumber": "003404", "packageStatus": {"status": "CANCELLED"}},
        {"packageReferenceId": "3", "carrier": "DPD", "trackingNumber": "15501234567890123456"},
    ]  # fmt: skip
    assert map_order(ORDER | {"packages": packages}).tracking == [
        Tracking(carrier="DPD", number="15501234567890123456")
    ]


@pytest.mark.parametrize(("amazon", "status"), sorted(STATUS.items()))
def test_status_comes_from_the_fulfillment_status(amazon: str, status: OrderStatus) -> None:
    expected = {
        "CANCELLED": "cancelled", "SHIPPED": "shipped", "PARTIALLY_SHIPPED": "partially_shipped",
        "UNSHIPPED": "paid", "PENDING": "pending", "PENDING_AVAILABILITY": "pending",
    }  # fmt: skip
    assert status == expected[amazon]
    order = ORDER | {"fulfillment": {"fulfillmentStatus": amazon}, "proceeds": {}}
    assert map_order(order).status == status


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"fulfillment": {"fulfillmentStatus": "UNFULFILLABLE"}}, "fulfillmentStatus"),
        ({"createdTime": None}, "createdTime"),
        ({"createdTime": "30.10.2026"}, "createdTime"),
        ({"proceeds": {"grandTotal": money("12,99")}}, "grandTotal"),
        ({"orderId": ""}, "orderId"),
        ({"orderItems": None}, "orderItems"),
        (
            {
                "recipient": {
                    "deliveryAddress": ORDER["recipient"]["deliveryAddress"] | {"countryCode": "Germany"}
                }
            },
            "deliveryAddress",
        ),
    ],
)
def test_malformed_order_raises_a_mapping_error_naming_the_field(change: dict[str, Any], reason: str) -> None:
    with pytest.raises(AmazonMappingError, match=reason):
        map_order(ORDER | change)


def test_malformed_item_raises_a_mapping_error() -> None:
    with pytest.raises(AmazonMappingError, match="quantityOrdered"):
        map_order(ORDER | {"orderItems": [item("1", "A", -1, "1.00")]})


def test_mixed_currencies_are_refused() -> None:
    gbp = item("2", "B", 1, "5.00")
    gbp["product"]["price"]["unitPrice"]["currencyCode"] = "GBP"
    with pytest.raises(AmazonMappingError, match="currency"):
        map_order(with_total(ORDER | {"orderItems": [item("1", "A", 1, "10.00"), gbp]}, "15.00"))


def test_cancelled_item_with_zero_quantity_is_left_out() -> None:
    items = [item("1", "A", 0, "0.00"), item("2", "B", 1, "5.00")]
    cancelled = ORDER | {"fulfillment": {"fulfillmentStatus": "CANCELLED"}, "orderItems": items}
    assert [line.sku for line in map_order(with_total(cancelled, "5.00")).lines] == ["B"]


def test_orders_amazon_fulfils_carry_a_note_saying_so() -> None:
    afn = ORDER | {"fulfillment": {"fulfillmentStatus": "SHIPPED", "fulfilledBy": "AMAZON"}}
    assert "Fulfilled by Amazon" in (map_order(afn).note or "")
    assert map_order(ORDER).note is None


cents = st.integers(min_value=0, max_value=500_000).map(lambda c: Decimal(c).scaleb(-2))
amazon_items = st.lists(
    st.tuples(st.integers(min_value=1, max_value=50), cents, cents, cents), min_size=1, max_size=8
)


@settings(max_examples=150, deadline=None)
@given(amazon_items, cents, cents)
def test_mapped_total_always_equals_the_grand_total(
    rows: list[tuple[int, Decimal, Decimal, Decimal]], tip: Decimal, order_discount: Decimal
) -> None:
    items, grand = [], Decimal("0.00")
    for index, (quantity, unit, shipping, discount) in enumerate(rows):
        items.append(item(str(index), f"SKU-{index}", quantity, str(unit), ("SHIPPING", str(shipping)),
                          ("DISCOUNT", str(-discount))))  # fmt: skip
        grand += unit * quantity + shipping - discount
    item_discounts = sum((r[3] for r in rows), Decimal(0))
    grand += tip - order_discount
    order = with_total(ORDER | {"orderItems": items}, str(grand), ("DELIVERY_TIP", str(tip)),
                       ("DISCOUNT", str(-(item_discounts + order_discount))))  # fmt: skip
    mapped = map_order(order)
    assert mapped.total == grand
    assert [line.unit_price for line in mapped.lines] == [r[1] for r in rows]


@pytest.mark.parametrize("raw", list(example_orders().values()), ids=list(example_orders()))
def test_the_models_own_examples_map_with_their_grand_total(raw: dict[str, Any]) -> None:
    order = map_order(raw)
    assert order.total == Decimal(raw["proceeds"]["grandTotal"]["amount"])
    assert order.currency == raw["proceeds"]["grandTotal"]["currencyCode"]
    assert order.status is STATUS[raw["fulfillment"]["fulfillmentStatus"]]
    assert [line.quantity for line in order.lines] == [i["quantityOrdered"] for i in raw["orderItems"]]
    assert [line.unit_price for line in order.lines] == [
        Decimal(i["product"]["price"]["unitPrice"]["amount"]) for i in raw["orderItems"]
    ]
    assert (order.shipping_address is not None) is ("recipient" in raw)
    assert order.buyer.email == (raw.get("buyer") or {}).get("buyerEmail")


def test_the_order_id_is_the_number_the_buyer_sees() -> None:
    mapped = map_order(ORDER)
    assert mapped.external_number == mapped.external_id
