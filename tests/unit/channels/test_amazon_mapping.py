"""The Amazon mapper: SP-API Orders v0 order + items -> ChannelOrder, totals exact to the cent."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.channels.amazon.mapping import STATUS, AmazonMappingError, map_order
from domain.status import OrderStatus

ORDER: dict[str, Any] = {
    "AmazonOrderId": "302-1234567-7654321",
    "PurchaseDate": "2026-10-30T18:04:11Z",
    "LastUpdateDate": "2026-10-30T18:35:02Z",
    "OrderStatus": "Unshipped",
    "FulfillmentChannel": "MFN",
    "SalesChannel": "Amazon.de",
    "OrderTotal": {"CurrencyCode": "EUR", "Amount": "42.86"},
    "MarketplaceId": "A1PA6795UKMFR9",
    "NumberOfItemsShipped": 0,
    "NumberOfItemsUnshipped": 3,
    "ShippingAddress": {
        "Name": "Anna Müller",
        "AddressLine1": "Hauptstraße 5",
        "AddressLine2": "Hinterhaus",
        "PostalCode": "10115",
        "City": "Berlin",
        "CountryCode": "DE",
        "Phone": "+49 30 1234567",
    },
    "BuyerInfo": {"BuyerEmail": "Q7xk2m9z1abc@marketplace.amazon.de", "BuyerName": "Anna Müller"},
}


def money(amount: str, currency: str = "EUR") -> dict[str, str]:
    return {"CurrencyCode": currency, "Amount": amount}


def item(item_id: str, sku: str, quantity: int, price: str | None, **extra: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"ASIN": "B00TEST000", "OrderItemId": item_id, "SellerSKU": sku,
                             "Title": f"Article {sku}", "QuantityOrdered": quantity, "QuantityShipped": 0}  # fmt: skip
    if price is not None:
        entry["ItemPrice"] = money(price)
    return entry | extra


ITEMS = [
    item("1001", "MUG-1", 2, "25.98", ShippingPrice=money("4.90"), PromotionDiscount=money("0.00")),
    item("1002", "TEA-1", 1, "11.98", ShippingPrice=money("0.00")),
]


def test_unshipped_order_maps_to_paid_with_unit_prices_from_line_totals() -> None:
    order = map_order(ORDER, ITEMS)
    assert order.status is OrderStatus.PAID
    assert [(line.sku, line.quantity, line.unit_price) for line in order.lines] == [
        ("MUG-1", 2, Decimal("12.99")),
        ("TEA-1", 1, Decimal("11.98")),
    ]
    assert order.shipping_cost == Decimal("4.90")
    assert order.adjustments == []
    assert order.total == Decimal("42.86")


def test_total_equals_order_total_with_promotion_as_negative_adjustment() -> None:
    items = copy.deepcopy(ITEMS)
    items[0]["PromotionDiscount"] = money("1.00")
    items[0]["PromotionIds"] = ["SPRING-1-OFF"]
    order = map_order(ORDER | {"OrderTotal": money("41.86")}, items)
    assert order.total == Decimal("41.86")
    [promotion] = order.adjustments
    assert (promotion.kind, promotion.amount) == ("discount", Decimal("-1.00"))
    assert "SPRING-1-OFF" in promotion.title


def test_shipping_discount_is_a_negative_adjustment() -> None:
    items = copy.deepcopy(ITEMS)
    items[0]["ShippingDiscount"] = money("4.90")
    order = map_order(ORDER | {"OrderTotal": money("37.96")}, items)
    assert order.shipping_cost == Decimal("4.90")
    assert [a.amount for a in order.adjustments] == [Decimal("-4.90")]
    assert order.total == Decimal("37.96")


def test_line_total_not_divisible_by_quantity_keeps_the_remainder_as_an_adjustment() -> None:
    items = [item("1", "PEN-3", 3, "10.00")]
    order = map_order(ORDER | {"OrderTotal": money("10.00")}, items)
    assert order.lines[0].unit_price == Decimal("3.33")
    [rest] = order.adjustments
    assert (rest.kind, rest.amount) == ("surcharge", Decimal("0.01"))
    assert order.total == Decimal("10.00")


def test_pending_order_without_prices_maps_to_pending_with_zero_prices() -> None:
    pending = {k: v for k, v in ORDER.items() if k not in ("OrderTotal", "ShippingAddress")}
    items = [item("1001", "MUG-1", 2, None), item("1002", "TEA-1", 1, None)]
    order = map_order(pending | {"OrderStatus": "Pending"}, items)
    assert order.status is OrderStatus.PENDING
    assert order.currency == "EUR"  # from the marketplace: a Pending order carries no amount
    assert [line.unit_price for line in order.lines] == [Decimal("0.00"), Decimal("0.00")]
    assert order.total == Decimal("0.00")
    assert order.shipping_address is None


def test_pending_and_unshipped_versions_differ_in_fingerprint() -> None:
    pending = {k: v for k, v in ORDER.items() if k not in ("OrderTotal", "ShippingAddress")}
    before = map_order(pending | {"OrderStatus": "Pending"}, [item("1001", "MUG-1", 2, None)])
    after = map_order(ORDER | {"OrderTotal": money("30.88")}, [item("1001", "MUG-1", 2, "25.98",
                                                                      ShippingPrice=money("4.90"))])  # fmt: skip
    assert before.fingerprint() != after.fingerprint()
    assert after.total == Decimal("30.88")


def test_relay_email_is_both_buyer_email_and_buyer_id() -> None:
    buyer = map_order(ORDER | {"OrderTotal": None}, ITEMS).buyer
    assert buyer.email == buyer.external_id == "q7xk2m9z1abc@marketplace.amazon.de"
    assert buyer.name == "Anna Müller"


def test_address_lines_map_to_street_and_street2() -> None:
    address = map_order(ORDER | {"OrderTotal": None}, ITEMS).shipping_address
    assert address is not None
    assert (address.name, address.street, address.street2) == ("Anna Müller", "Hauptstraße 5", "Hinterhaus")
    assert (address.postal_code, address.city, address.country_code) == ("10115", "Berlin", "DE")


def test_address_without_restricted_data_is_left_out() -> None:
    partial = {"PostalCode": "10115", "City": "Berlin", "CountryCode": "DE"}
    order = map_order(ORDER | {"OrderTotal": None, "ShippingAddress": partial}, ITEMS)
    assert order.shipping_address is None


def test_items_from_several_pages_become_lines_in_order() -> None:
    pages = [[item(str(i), f"SKU-{i}", 1, "1.00")] for i in range(5)]
    order = map_order(ORDER | {"OrderTotal": money("5.00")}, [i for page in pages for i in page])
    assert [line.sku for line in order.lines] == [f"SKU-{i}" for i in range(5)]


def test_us_sales_tax_on_top_becomes_a_tax_adjustment() -> None:
    items = [item("1", "A", 1, "10.00", ItemTax=money("0.83", "USD"))]
    items[0]["ItemPrice"] = money("10.00", "USD")
    us = ORDER | {"MarketplaceId": "ATVPDKIKX0DER", "OrderTotal": money("10.83", "USD")}
    order = map_order(us, items)
    assert order.currency == "USD"
    assert [(a.kind, a.amount) for a in order.adjustments] == [("tax", Decimal("0.83"))]
    assert order.total == Decimal("10.83")


def test_total_that_does_not_add_up_is_refused() -> None:
    with pytest.raises(AmazonMappingError, match="OrderTotal"):
        map_order(ORDER | {"OrderTotal": money("99.99")}, ITEMS)


@pytest.mark.parametrize(("amazon", "status"), sorted(STATUS.items()))
def test_status_maps_as_the_architecture_table_says(amazon: str, status: OrderStatus) -> None:
    expected = {
        "Canceled": "cancelled", "Shipped": "shipped", "InvoiceUnconfirmed": "shipped",
        "PartiallyShipped": "partially_shipped", "Unshipped": "paid", "Pending": "pending",
        "PendingAvailability": "pending",
    }  # fmt: skip
    assert status == expected[amazon]
    assert map_order(ORDER | {"OrderStatus": amazon, "OrderTotal": None}, ITEMS).status == status


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"OrderStatus": "Unfulfillable"}, "OrderStatus"),
        ({"PurchaseDate": None}, "PurchaseDate"),
        ({"PurchaseDate": "30.10.2026"}, "PurchaseDate"),
        ({"OrderTotal": money("12,99")}, "OrderTotal"),
        ({"AmazonOrderId": ""}, "AmazonOrderId"),
        ({"ShippingAddress": ORDER["ShippingAddress"] | {"CountryCode": "Germany"}}, "ShippingAddress"),
    ],
)
def test_malformed_order_raises_a_mapping_error_naming_the_field(change: dict[str, Any], reason: str) -> None:
    with pytest.raises(AmazonMappingError, match=reason):
        map_order(ORDER | change, ITEMS)


def test_malformed_item_raises_a_mapping_error() -> None:
    with pytest.raises(AmazonMappingError, match="QuantityOrdered"):
        map_order(ORDER, [item("1", "A", -1, "1.00")])


def test_mixed_currencies_are_refused() -> None:
    items = [item("1", "A", 1, "10.00"), item("2", "B", 1, "5.00")]
    items[1]["ItemPrice"] = money("5.00", "GBP")
    with pytest.raises(AmazonMappingError, match="currency"):
        map_order(ORDER | {"OrderTotal": money("15.00")}, items)


def test_cancelled_item_with_zero_quantity_is_left_out() -> None:
    items = [item("1", "A", 0, "0.00"), item("2", "B", 1, "5.00")]
    order = map_order(ORDER | {"OrderStatus": "Canceled", "OrderTotal": money("5.00")}, items)
    assert [line.sku for line in order.lines] == ["B"]


cents = st.integers(min_value=0, max_value=500_000).map(lambda c: Decimal(c).scaleb(-2))
amazon_items = st.lists(
    st.tuples(st.integers(min_value=1, max_value=50), cents, cents, cents, cents), min_size=1, max_size=8
)


@settings(max_examples=150, deadline=None)
@given(amazon_items)
def test_mapped_total_always_equals_amazon_order_total(
    rows: list[tuple[int, Decimal, Decimal, Decimal, Decimal]],
) -> None:
    items, amazon_total = [], Decimal("0.00")
    for index, (quantity, line_total, shipping, promotion, shipping_discount) in enumerate(rows):
        items.append(
            item(str(index), f"SKU-{index}", quantity, str(line_total), ShippingPrice=money(str(shipping)),
                 PromotionDiscount=money(str(promotion)), ShippingDiscount=money(str(shipping_discount)))
        )  # fmt: skip
        amazon_total += line_total + shipping - promotion - shipping_discount
    order = map_order(ORDER | {"OrderTotal": money(str(amazon_total))}, items)
    assert order.total == amazon_total
    assert all(line.unit_price * line.quantity <= r[1] for line, r in zip(order.lines, rows, strict=True))


def test_orders_amazon_fulfils_carry_a_note_saying_so() -> None:
    assert "AFN" in (map_order(ORDER | {"FulfillmentChannel": "AFN"}, ITEMS).note or "")
    assert map_order(ORDER, ITEMS).note is None
