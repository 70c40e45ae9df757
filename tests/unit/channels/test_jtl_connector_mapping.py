"""JTL-Connector CustomerOrder -> ChannelOrder: items of every type, exact totals, guests, statuses."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from adapters.channels.jtl_connector.item_mapping import ROUNDING_TITLE
from adapters.channels.jtl_connector.mapping import (
    CustomerOrderMappingError,
    is_guest_id,
    map_customer_order,
    map_status,
)
from domain.status import OrderStatus

# As the WooCommerce connector sends it (floats, identities, ISO dates with offset, negative coupon).
RECORDED: dict[str, Any] = {
    "id": ["4711", 0],
    "customerId": ["523", 0],
    "orderNumber": "WC-4711",
    "creationDate": "2026-05-04T10:15:00+02:00",
    "currencyIso": "EUR",
    "status": "new",
    "paymentStatus": "completed",
    "paymentModuleCode": "pm_paypal_standard",
    "totalSum": 47.12,
    "totalSumGross": 54.39,
    "note": "",
    "customerNote": "Bitte beim Nachbarn abgeben",
    "billingAddress": {
        "id": ["b_4711", 0], "firstName": "Anna", "lastName": "Müller", "company": "",
        "street": "Lindenweg 5", "extraAddressLine": "2. OG", "zipCode": "10115", "city": "Berlin",
        "countryIso": "DE", "phone": "", "mobile": "+49 170 1234567", "eMail": "Anna.Mueller@example.org",
    },
    "shippingAddress": {
        "id": ["s_4711", 0], "firstName": "Anna", "lastName": "Müller", "company": "Müller GmbH",
        "street": "Hafenstraße 1", "extraAddressLine": "", "zipCode": "20095", "city": "Hamburg",
        "countryIso": "de", "phone": "040 123", "mobile": "", "eMail": "",
    },
    "items": [
        {"id": ["11", 0], "name": "Kaffeetasse", "sku": "TASSE-01", "type": "product", "price": 10.8403,
         "priceGross": 12.9, "vat": 19.0, "quantity": 3.0},
        {"id": ["12", 0], "name": "Grüner Tee", "sku": "TEE-GRUEN", "type": "product", "price": 7.0,
         "priceGross": 7.49, "vat": 7.0, "quantity": 2.0},
        {"id": ["13", 0], "name": "DHL Paket", "sku": "", "type": "shipping", "price": 4.1176,
         "priceGross": 4.9, "vat": 19.0, "quantity": 1.0},
        {"id": ["14", 0], "name": "WILLKOMMEN5", "sku": "", "type": "coupon", "price": -4.2017,
         "priceGross": -5.0, "vat": 19.0, "quantity": 1.0},
        {"id": ["15", 0], "name": "Treuerabatt", "sku": "", "type": "discount", "price": -1.0,
         "priceGross": -1.19, "vat": 19.0, "quantity": 1.0},
        {"id": ["16", 0], "name": "Nachnahmegebühr", "sku": "", "type": "surcharge", "price": 1.6807,
         "priceGross": 2.0, "vat": 19.0, "quantity": 1.0},
    ],
}  # fmt: skip


def recorded(**changes: Any) -> dict[str, Any]:
    payload = copy.deepcopy(RECORDED)
    payload.update(changes)
    return payload


def test_products_become_lines_with_gross_unit_prices() -> None:
    order = map_customer_order(recorded())
    assert [(line.sku, line.quantity, line.unit_price, line.tax_rate) for line in order.lines] == [
        ("TASSE-01", 3, Decimal("12.90"), Decimal("19")),
        ("TEE-GRUEN", 2, Decimal("7.49"), Decimal("7")),
    ]


def test_shipping_items_become_the_shipping_cost() -> None:
    assert map_customer_order(recorded()).shipping_cost == Decimal("4.90")


def test_coupons_and_discounts_are_negative_and_surcharges_positive_adjustments() -> None:
    adjustments = [(a.kind, a.title, a.amount) for a in map_customer_order(recorded()).adjustments]
    assert adjustments == [
        ("coupon", "WILLKOMMEN5", Decimal("-5.00")),
        ("discount", "Treuerabatt", Decimal("-1.19")),
        ("surcharge", "Nachnahmegebühr", Decimal("2.00")),
    ]


def test_the_total_equals_total_sum_gross_exactly() -> None:
    assert map_customer_order(recorded()).total == Decimal("54.39")


def test_a_coupon_written_with_a_positive_price_still_lowers_the_total() -> None:
    payload = recorded()
    payload["items"][3].update(price=4.2017, priceGross=5.0)
    assert map_customer_order(payload).total == Decimal("54.39")


def test_without_price_gross_the_gross_is_net_plus_vat() -> None:
    payload = recorded(totalSumGross=23.8)
    payload["items"] = [
        {"name": "Mühle", "sku": "M", "type": "product", "price": 10.0, "vat": 19.0, "quantity": 2.0}
    ]
    assert map_customer_order(payload).lines[0].unit_price == Decimal("11.90")


def test_a_zero_price_gross_beside_a_net_price_counts_as_not_given() -> None:
    payload = recorded(totalSumGross=11.9)
    payload["items"] = [
        {"name": "M", "type": "product", "price": 10.0, "priceGross": 0.0, "vat": 19.0, "quantity": 1.0}
    ]
    assert map_customer_order(payload).total == Decimal("11.90")


def test_net_prices_with_four_places_leave_an_explicit_rounding_difference() -> None:
    payload = recorded(totalSumGross=35.71)  # the shop rounded the line: 3 x 10.0028 x 1.19 = 35.71
    payload["items"] = [{"name": "Stift", "type": "product", "price": 10.0028, "vat": 19.0, "quantity": 3.0}]
    order = map_customer_order(payload)
    assert order.lines[0].unit_price == Decimal("11.90")
    assert [(a.title, a.amount) for a in order.adjustments] == [(ROUNDING_TITLE, Decimal("0.01"))]
    assert order.total == Decimal("35.71")


def test_items_that_disagree_with_the_total_are_refused() -> None:
    with pytest.raises(CustomerOrderMappingError, match=r"totalSumGross is 64\.39"):
        map_customer_order(recorded(totalSumGross=64.39))


def test_an_endpoint_without_total_sum_gross_is_checked_against_the_net_total() -> None:
    order = map_customer_order(recorded(totalSumGross=0.0, totalSum=47.12))
    assert order.total == Decimal("54.39")


def test_an_endpoint_without_any_total_is_refused() -> None:
    with pytest.raises(CustomerOrderMappingError, match="neither totalSumGross nor totalSum"):
        map_customer_order(recorded(totalSumGross=0.0, totalSum=0.0))


def test_whole_float_quantities_become_integers() -> None:
    assert map_customer_order(recorded()).lines[0].quantity == 3


@pytest.mark.parametrize("quantity", [1.5, 0.25, -1.0, 0.0])
def test_fractional_or_non_positive_product_quantities_are_refused(quantity: float) -> None:
    payload = recorded()
    payload["items"][0]["quantity"] = quantity
    with pytest.raises(CustomerOrderMappingError, match=r"items\[0\]\.quantity"):
        map_customer_order(payload)


def test_a_registered_customer_is_the_buyer_id_and_the_billing_email_is_kept() -> None:
    buyer = map_customer_order(recorded()).buyer
    assert (buyer.external_id, buyer.email, buyer.name) == ("523", "Anna.Mueller@example.org", "Anna Müller")


@pytest.mark.parametrize("customer_id", [["g_4711", 0], ["", 0], ["0", 0], ["guest-77", 0], None])
def test_guests_have_no_buyer_id_and_are_matched_by_email(customer_id: Any) -> None:
    buyer = map_customer_order(recorded(customerId=customer_id)).buyer
    assert (buyer.external_id, buyer.email) == (None, "Anna.Mueller@example.org")


def test_ids_that_merely_start_with_g_are_not_guests() -> None:
    assert not is_guest_id("gustav42") and not is_guest_id("1001") and is_guest_id("G_12")


def test_addresses_map_name_street_extra_line_zip_city_country_and_phone() -> None:
    order = map_customer_order(recorded())
    billing, shipping = order.billing_address, order.shipping_address
    assert billing is not None and shipping is not None
    assert (billing.name, billing.street, billing.street2, billing.postal_code, billing.city) == (
        "Anna Müller", "Lindenweg 5", "2. OG", "10115", "Berlin",
    )  # fmt: skip
    assert (billing.country_code, billing.phone) == ("DE", "+49 170 1234567")
    assert (shipping.company, shipping.country_code, shipping.street2) == ("Müller GmbH", "DE", None)


def test_an_address_with_a_country_name_instead_of_a_code_is_refused() -> None:
    payload = recorded()
    payload["billingAddress"]["countryIso"] = "Deutschland"
    with pytest.raises(CustomerOrderMappingError, match="billingAddress: country_code"):
        map_customer_order(payload)


def test_creation_dates_with_an_offset_become_utc() -> None:
    assert map_customer_order(recorded()).placed_at == datetime(2026, 5, 4, 8, 15, tzinfo=UTC)


def test_creation_dates_without_an_offset_are_refused() -> None:
    with pytest.raises(CustomerOrderMappingError, match="no UTC offset"):
        map_customer_order(recorded(creationDate="2026-05-04T10:15:00"))


def test_the_endpoint_id_is_the_external_id_and_notes_are_kept() -> None:
    order = map_customer_order(recorded())
    assert (order.external_id, order.currency, order.note) == ("4711", "EUR", "Bitte beim Nachbarn abgeben")


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (recorded(id="4711"), "is not an identity"),
        (recorded(items=[]), "no items"),
        (recorded(currencyIso="Euro"), "currency"),
        (recorded(status="on-hold"), "status 'on-hold'"),
    ],
)
def test_broken_orders_raise_a_mapping_error_that_says_why(payload: dict[str, Any], reason: str) -> None:
    with pytest.raises(CustomerOrderMappingError, match=reason):
        map_customer_order(payload)


def test_an_unknown_item_type_is_refused() -> None:
    payload = recorded()
    payload["items"][5]["type"] = "gift_wrap"
    with pytest.raises(CustomerOrderMappingError, match=r"items\[5\]\.type 'gift_wrap'"):
        map_customer_order(payload)


@pytest.mark.parametrize(
    ("status", "payment", "expected"),
    [
        ("cancelled", "completed", OrderStatus.CANCELLED),
        ("shipped", "unpaid", OrderStatus.SHIPPED),
        ("partially_shipped", "completed", OrderStatus.PARTIALLY_SHIPPED),
        ("new", "completed", OrderStatus.PAID),
        ("new", "partially_paid", OrderStatus.OPEN),
        ("new", "unpaid", OrderStatus.OPEN),
        ("", "", OrderStatus.OPEN),
    ],
)
def test_status_mapping_follows_the_architecture_table(
    status: str, payment: str, expected: OrderStatus
) -> None:
    assert map_status(status, payment) is expected


def test_the_order_number_is_the_external_number() -> None:
    assert map_customer_order(recorded()).external_number == "WC-4711"
    assert map_customer_order(recorded(orderNumber="  ")).external_number is None
