"""Oscar admin API payloads -> ChannelOrder, from payloads recorded from the test shop (tests/payloads/)."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from orderhub_oscar.addresses import OscarMappingError, country_code
from orderhub_oscar.mapping import map_order
from orderhub_oscar.settings import DEFAULT_STATUS_MAP

from domain.status import OrderStatus

PAYLOADS = Path(__file__).parent / "payloads"
ORDERS = {o["number"]: o for o in json.loads((PAYLOADS / "admin_orders.json").read_text())}
LINES = json.loads((PAYLOADS / "admin_order_lines.json").read_text())
REGISTERED, GUEST, MULTI_LINE = "100001", "100003", "100005"


def recorded(number: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    order = copy.deepcopy(ORDERS[number])
    return order, copy.deepcopy(LINES[str(order["id"])])


def mapped(number: str) -> Any:
    return map_order(*recorded(number), DEFAULT_STATUS_MAP)


def test_registered_order_keeps_number_status_and_placing_time() -> None:
    order = mapped(REGISTERED)
    assert (order.external_id, order.status, order.currency) == ("100001", OrderStatus.OPEN, "EUR")
    assert order.placed_at == datetime(2026, 11, 27, 14, 12, 36, 589272, tzinfo=UTC)


def test_line_quantity_and_unit_price_come_from_the_unit_fields() -> None:
    (line,) = mapped(REGISTERED).lines
    assert (line.sku, line.title, line.quantity, line.unit_price) == (
        "W-1",
        "Connector Test Widget",
        2,
        Decimal("12.50"),
    )


def test_addresses_take_city_from_line4_and_country_from_the_url() -> None:
    order = mapped(REGISTERED)
    assert order.billing_address.street == "Rechnungsweg 2"
    assert order.shipping_address.city == "Berlin" and order.shipping_address.country_code == "DE"
    assert order.shipping_address.phone == "+49301234567"


def test_buyer_id_is_the_owner_url_tail_and_email_is_kept() -> None:
    buyer = mapped(REGISTERED).buyer
    assert (buyer.external_id, buyer.email, buyer.name) == ("2", "customer@example.com", "Erika Mustermann")


def test_guest_order_has_no_billing_address_and_no_buyer_id() -> None:
    order = mapped(GUEST)
    assert order.billing_address is None
    assert order.buyer.external_id is None
    assert order.buyer.email == "Guest.Buyer@Example.com" and order.buyer.name == "Gustav Gast"
    assert order.shipping_address.country_code == "AT" and order.shipping_address.street == "Ringstraße 3"


def test_multi_line_order_keeps_unit_prices_before_discounts() -> None:
    order = mapped(MULTI_LINE)
    assert [(line.sku, line.quantity, line.unit_price) for line in order.lines] == [
        ("W-1", 1, Decimal("12.50")),
        ("G-2", 3, Decimal("7.99")),
    ]


def test_shipping_surcharge_offer_and_voucher_add_up_to_oscars_total() -> None:
    order = mapped(MULTI_LINE)
    assert order.shipping_cost == Decimal("4.90")
    assert [(a.kind, a.title, a.amount) for a in order.adjustments] == [
        ("surcharge", "Cash on delivery", Decimal("1.50")),
        ("discount", "Gadget bonus", Decimal("-2.00")),
        # Oscar recorded 3.64; the lines carry 3.65 (per-line rounding): the lines win.
        ("coupon", "Welcome 10% (WELCOME10)", Decimal("-3.65")),
    ]
    assert order.total == Decimal(ORDERS[MULTI_LINE]["total_incl_tax"]) == Decimal("37.22")


def test_line_discount_without_offer_records_becomes_one_discount() -> None:
    order, lines = recorded(MULTI_LINE)
    order["offer_discounts"], order["voucher_discounts"] = [], []
    adjustments = map_order(order, lines, DEFAULT_STATUS_MAP).adjustments
    assert [(a.kind, a.amount) for a in adjustments] == [
        ("surcharge", Decimal("1.50")),
        ("discount", Decimal("-5.65")),
    ]


@pytest.mark.parametrize(
    ("oscar", "expected"),
    [
        ("new", "open"),
        ("processing", "paid"),
        ("shipped", "shipped"),
        ("completed", "shipped"),
        ("cancelled", "cancelled"),
    ],
)
def test_oscar_statuses_map_to_orderhub_statuses(oscar: str, expected: str) -> None:
    order, lines = recorded(REGISTERED)
    order["status"] = oscar
    assert map_order(order, lines, DEFAULT_STATUS_MAP).status == OrderStatus(expected)


def test_a_status_outside_the_status_map_is_a_mapping_error() -> None:
    order, lines = recorded(REGISTERED)
    order["status"] = "Being picked"
    with pytest.raises(
        OscarMappingError,
        match="order 100001: Oscar status 'Being picked' is not in the channel's status_map",
    ):
        map_order(order, lines, DEFAULT_STATUS_MAP)


def test_a_custom_status_map_is_honoured() -> None:
    order, lines = recorded(REGISTERED)
    order["status"] = "Being picked"
    assert map_order(order, lines, {"Being picked": OrderStatus.PAID}).status is OrderStatus.PAID


def test_a_total_that_does_not_add_up_is_reported_with_the_breakdown() -> None:
    order, lines = recorded(REGISTERED)
    order["total_incl_tax"] = "26.00"
    with pytest.raises(OscarMappingError, match=r"total_incl_tax is 26.00 but lines 25.00 \+ shipping 0.00"):
        map_order(order, lines, DEFAULT_STATUS_MAP)


def test_stock_line_fields_fall_back_to_line_totals_and_upc() -> None:
    order, lines = recorded(REGISTERED)
    for line in lines:  # django-oscar-api's default OSCARAPI_ORDERLINE_FIELDS
        for key in ("id", "partner_sku", "title", "status", "unit_price_incl_tax", "unit_price_excl_tax"):
            line.pop(key)
    line["upc"] = "WIDGET-1"
    (mapped_line,) = map_order(order, lines, DEFAULT_STATUS_MAP).lines
    assert (mapped_line.title, mapped_line.unit_price) == ("WIDGET-1", Decimal("12.50"))


def test_a_line_without_any_title_asks_for_the_shop_setting() -> None:
    order, lines = recorded(REGISTERED)
    for key in ("title", "upc", "partner_sku"):
        lines[0].pop(key)
    with pytest.raises(OscarMappingError, match="add 'title' to the shop's OSCARAPI_ORDERLINE_FIELDS"):
        map_order(order, lines, DEFAULT_STATUS_MAP)


def test_an_address_without_city_names_oscars_field() -> None:
    order, lines = recorded(REGISTERED)
    order["shipping_address"]["line4"] = ""
    with pytest.raises(OscarMappingError, match="shipping address: line4"):
        map_order(order, lines, DEFAULT_STATUS_MAP)


def test_a_placing_time_without_offset_is_refused() -> None:
    order, lines = recorded(REGISTERED)
    order["date_placed"] = "2026-11-27T14:12:36"
    with pytest.raises(OscarMappingError, match="has no UTC offset"):
        map_order(order, lines, DEFAULT_STATUS_MAP)


def test_garbage_in_a_money_field_is_a_mapping_error() -> None:
    order, lines = recorded(REGISTERED)
    lines[0]["price_incl_tax"] = 25.0
    with pytest.raises(OscarMappingError, match=r"line 1: price_incl_tax is 25\.0, not a decimal amount"):
        map_order(order, lines, DEFAULT_STATUS_MAP)


@pytest.mark.parametrize(
    ("value", "code"),
    [("http://shop/api/countries/DE/", "DE"), ("https://x.example/api/countries/at", "AT"), ("fr", "FR")],
)
def test_country_is_the_last_path_segment_of_the_url(value: str, code: str) -> None:
    assert country_code(value) == code


def test_a_country_url_without_a_code_is_refused() -> None:
    with pytest.raises(OscarMappingError, match="does not end in an ISO 3166-1 alpha-2 code"):
        country_code("http://shop/api/countries/")
