"""eBay Order payload → ChannelOrder: fields, status table, totals, addresses."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from adapters.channels.ebay.mapping import EbayMappingError, map_order, order_status
from domain.status import OrderStatus
from tests.unit.channels.ebay_payloads import amount, contact, line, order


def test_a_single_line_order_maps_ids_times_prices_and_shipping() -> None:
    mapped = map_order(order())
    assert mapped.external_id == "12-03955-36441"
    assert mapped.currency == "EUR"
    assert mapped.placed_at == datetime(2026, 11, 20, 9, 15, 2, 768000, tzinfo=UTC)
    assert mapped.channel_updated_at == datetime(2026, 11, 20, 9, 20, 11, 1000, tzinfo=UTC)
    [only] = mapped.lines
    assert (only.sku, only.title, only.quantity, only.unit_price) == (
        "TASSE-WS-300",
        "Kaffeetasse weiß, 300 ml",
        2,
        Decimal("12.90"),
    )
    assert mapped.shipping_cost == Decimal("4.90")
    assert mapped.total == Decimal("30.70")


def test_a_multi_line_order_keeps_every_line_in_ebay_order() -> None:
    lines = [
        line("1", "Kaffeetasse weiß, 300 ml", 2, "25.80"),
        line("2", "Thermobecher XL – Edelstahl", 1, "19.99", sku="BECHER-XL"),
        line("3", "Puzzle 1000 Teile „Schloss Neuschwanstein“", 3, "34.47", sku="PUZ-1000"),
    ]
    summary = {"priceSubtotal": amount("80.26"), "deliveryCost": amount("5.99"), "total": amount("86.25")}
    mapped = map_order(order(lineItems=lines, pricingSummary=summary))
    assert [(x.sku, x.quantity, x.unit_price) for x in mapped.lines] == [
        ("TASSE-WS-300", 2, Decimal("12.90")),
        ("BECHER-XL", 1, Decimal("19.99")),
        ("PUZ-1000", 3, Decimal("11.49")),
    ]
    assert mapped.total == Decimal("86.25")


def test_umlauts_and_eszett_survive_in_titles_names_and_addresses() -> None:
    mapped = map_order(order())
    assert mapped.lines[0].title == "Kaffeetasse weiß, 300 ml"
    assert mapped.buyer.name == "Käthe Bäcker"
    assert mapped.shipping_address is not None
    assert (mapped.shipping_address.name, mapped.shipping_address.street, mapped.shipping_address.city) == (
        "Jürgen Müller",
        "Schloßstraße 12",
        "Köln",
    )


def test_a_line_from_a_legacy_listing_without_sku_has_sku_none() -> None:
    mapped = map_order(order(lineItems=[line(sku=None)]))
    assert mapped.lines[0].sku is None


def test_a_blank_sku_counts_as_none() -> None:
    mapped = map_order(order(lineItems=[line(sku="  ")]))
    assert mapped.lines[0].sku is None


def test_line_item_cost_is_divided_by_quantity_for_the_unit_price() -> None:
    payload = order(lineItems=[line(quantity=5, cost="64.50")])
    payload["pricingSummary"] = {"priceSubtotal": amount("64.50"), "total": amount("64.50")}
    assert map_order(payload).lines[0].unit_price == Decimal("12.90")


def test_a_line_cost_that_is_no_whole_cent_unit_price_is_refused() -> None:
    payload = order(lineItems=[line(quantity=3, cost="10.00")])
    payload["pricingSummary"] = {"total": amount("10.00")}
    with pytest.raises(EbayMappingError, match="whole-cent"):
        map_order(payload)


@pytest.mark.parametrize(
    ("fulfillment", "payment", "cancel", "expected"),
    [
        ("NOT_STARTED", "PAID", "NONE_REQUESTED", OrderStatus.PAID),
        ("NOT_STARTED", "PENDING", "NONE_REQUESTED", OrderStatus.PENDING),
        ("NOT_STARTED", "FAILED", "NONE_REQUESTED", OrderStatus.OPEN),
        ("NOT_STARTED", "FULLY_REFUNDED", "NONE_REQUESTED", OrderStatus.OPEN),
        ("NOT_STARTED", "PAID", "IN_PROGRESS", OrderStatus.PAID),
        ("IN_PROGRESS", "PAID", "NONE_REQUESTED", OrderStatus.PARTIALLY_SHIPPED),
        ("FULFILLED", "PAID", "NONE_REQUESTED", OrderStatus.SHIPPED),
        ("NOT_STARTED", "FULLY_REFUNDED", "CANCELED", OrderStatus.CANCELLED),
        ("FULFILLED", "PAID", "CANCELED", OrderStatus.CANCELLED),
    ],
)
def test_status_follows_the_architecture_table(
    fulfillment: str, payment: str, cancel: str, expected: OrderStatus
) -> None:
    payload = order(
        orderFulfillmentStatus=fulfillment,
        orderPaymentStatus=payment,
        cancelStatus={"cancelState": cancel, "cancelRequests": []},
    )
    assert order_status(payload) is expected
    assert map_order(payload).status is expected


def test_an_unknown_fulfillment_status_is_refused() -> None:
    with pytest.raises(EbayMappingError, match="orderFulfillmentStatus"):
        map_order(order(orderFulfillmentStatus="TELEPORTED"))


@pytest.mark.parametrize("field", ["countryCode", "country"])
def test_both_the_newer_country_code_and_the_older_country_field_are_read(field: str) -> None:
    ship_to = contact(country_field=field, city="Wien", postalCode="1010")
    ship_to["contactAddress"][field] = "AT"
    mapped = map_order(order(fulfillmentStartInstructions=[{"shippingStep": {"shipTo": ship_to}}]))
    assert mapped.shipping_address is not None
    assert mapped.shipping_address.country_code == "AT"


def test_the_buyer_is_identified_by_the_ebay_user_name_with_the_registration_email() -> None:
    buyer = map_order(order()).buyer
    assert (buyer.external_id, buyer.email, buyer.name) == ("kaethe_b", "kaethe@example.de", "Käthe Bäcker")


def test_without_registration_address_the_email_comes_from_the_ship_to_contact() -> None:
    mapped = map_order(order(buyer={"username": "kaethe_b"}))
    assert mapped.buyer.email == "5f2a9c1e7b@members.ebay.com"
    assert mapped.buyer.name == "Jürgen Müller"
    assert mapped.billing_address is None


def test_the_billing_address_is_the_buyer_registration_address() -> None:
    billing = map_order(order()).billing_address
    assert billing is not None
    assert (billing.name, billing.street, billing.postal_code, billing.country_code) == (
        "Käthe Bäcker",
        "Schloßstraße 12",
        "50667",
        "DE",
    )


def test_a_digital_order_without_ship_to_has_no_shipping_address() -> None:
    instructions = [{"fulfillmentInstructionsType": "DIGITAL"}]
    assert map_order(order(fulfillmentStartInstructions=instructions)).shipping_address is None


def test_an_address_whose_personal_data_ebay_no_longer_returns_is_left_out() -> None:
    stripped = {"contactAddress": {"city": "Köln", "postalCode": "50667", "countryCode": "DE"}}
    instructions = [{"shippingStep": {"shipTo": stripped}}]
    assert map_order(order(fulfillmentStartInstructions=instructions)).shipping_address is None


def test_a_half_filled_address_is_refused_with_the_missing_fields() -> None:
    broken = contact()
    del broken["contactAddress"]["postalCode"]
    instructions = [{"shippingStep": {"shipTo": broken}}]
    with pytest.raises(EbayMappingError, match="missing postalCode"):
        map_order(order(fulfillmentStartInstructions=instructions))


def test_an_invalid_country_code_is_refused() -> None:
    instructions = [{"shippingStep": {"shipTo": contact(countryCode="XX")}}]
    with pytest.raises(EbayMappingError, match="country"):
        map_order(order(fulfillmentStartInstructions=instructions))


def test_a_us_state_is_kept_with_the_city() -> None:
    us = contact("Jane Roe", city="Springfield", postalCode="62701", countryCode="US", stateOrProvince="IL")
    mapped = map_order(order(fulfillmentStartInstructions=[{"shippingStep": {"shipTo": us}}]))
    assert mapped.shipping_address is not None
    assert mapped.shipping_address.city == "Springfield, IL"


def test_buyer_checkout_notes_become_the_note() -> None:
    assert map_order(order(buyerCheckoutNotes="Bitte klingeln – danke!")).note == "Bitte klingeln – danke!"


def test_an_order_without_line_items_is_refused() -> None:
    with pytest.raises(EbayMappingError, match="no lineItems"):
        map_order(order(lineItems=[]))


def test_a_line_without_line_item_id_is_refused_because_shipments_need_it() -> None:
    item = line()
    del item["lineItemId"]
    with pytest.raises(EbayMappingError, match="lineItemId"):
        map_order(order(lineItems=[item]))


def test_money_sent_as_a_json_number_is_refused() -> None:
    payload = order()
    payload["pricingSummary"]["total"] = {"value": 30.7, "currency": "EUR"}
    with pytest.raises(EbayMappingError, match="decimal string"):
        map_order(payload)


def test_an_order_without_total_is_refused() -> None:
    with pytest.raises(EbayMappingError, match="currency"):
        map_order(order(pricingSummary={"priceSubtotal": amount("25.80")}))


def test_an_amount_in_another_currency_is_refused() -> None:
    summary = {"deliveryCost": amount("4.90", "GBP"), "total": amount("30.70")}
    with pytest.raises(EbayMappingError, match="GBP"):
        map_order(order(pricingSummary=summary))


def test_the_order_id_is_the_number_the_buyer_sees() -> None:
    assert map_order(order()).external_number == "12-03955-36441"
