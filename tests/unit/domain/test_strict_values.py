"""Value rules that refuse guesses: whole-number quantities, minor units per currency, percentages,
bounded totals, text without control characters, and what a status change may carry."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from domain.address import Address
from domain.money import (
    MAX_ORDER_TOTAL,
    minor_units,
    minor_units_problem,
    order_total_problem,
    tax_rate_problem,
)
from domain.order_line import OrderLine
from domain.order_rules import new_order_problem
from domain.status import OrderStatus, check_shipment
from domain.text import control_character, control_character_field
from tests.support.order_data import ADDRESS


@pytest.mark.parametrize("quantity", ["3", 3.0, True, Decimal(3)])
def test_a_quantity_is_a_whole_number_and_nothing_that_looks_like_one(quantity: Any) -> None:
    with pytest.raises(ValidationError, match="quantity must be a whole number"):
        OrderLine(title="Tasse", quantity=quantity, unit_price=Decimal("1.00"))


@pytest.mark.parametrize(
    ("currency", "places"),
    [("EUR", 2), ("USD", 2), ("JPY", 0), ("KRW", 0), ("ISK", 0), ("KWD", 3), ("CLF", 4)],
)
def test_the_iso_4217_exponents_are_known(currency: str, places: int) -> None:
    assert minor_units(currency) == places


@pytest.mark.parametrize(
    ("amount", "currency", "fits"),
    [("100", "JPY", True), ("100.50", "JPY", False), ("100.00", "JPY", True), ("19.99", "EUR", True),
     ("1.25", "KWD", True)],
)  # fmt: skip
def test_an_amount_must_be_whole_minor_units_of_its_currency(amount: str, currency: str, fits: bool) -> None:
    assert (minor_units_problem(Decimal(amount), currency) is None) is fits


@pytest.mark.parametrize(
    ("rate", "fits"), [("19", True), ("0", True), ("7.7", True), ("1", True), ("0.19", False)]
)
def test_a_tax_rate_is_a_percentage_not_a_fraction(rate: str, fits: bool) -> None:
    assert (tax_rate_problem(Decimal(rate)) is None) is fits


def test_an_order_total_is_bounded_in_either_direction() -> None:
    assert order_total_problem(MAX_ORDER_TOTAL) is None
    assert order_total_problem(-MAX_ORDER_TOTAL) is None
    assert "maximum order total" in str(order_total_problem(MAX_ORDER_TOTAL + Decimal("0.01")))
    assert "maximum order total" in str(order_total_problem(-MAX_ORDER_TOTAL - Decimal("0.01")))


def test_a_new_order_names_the_line_that_breaks_a_rule() -> None:
    lines = [
        OrderLine(title="a", quantity=1, unit_price=Decimal("100")),
        OrderLine(title="b", quantity=1, unit_price=Decimal("0.50")),
    ]
    assert str(new_order_problem("JPY", lines, Decimal(0))).startswith("lines.1.unit_price: ")
    many = [OrderLine(title="c", quantity=1_000_000, unit_price=Decimal("1000.00"))]
    assert str(new_order_problem("EUR", many, Decimal(0))).startswith("total: ")


@pytest.mark.parametrize("char", ["\x07", "\x1b", "\x7f", "\x9b", "\n", "\t"])
def test_control_characters_are_found_in_single_line_text(char: str) -> None:
    assert control_character(f"Tasse{char}") == f"U+{ord(char):04X}"


def test_free_text_keeps_line_breaks_and_tabs_only() -> None:
    assert control_character("a\nb\tc\r", multiline=True) is None
    assert control_character("a\x07", multiline=True) == "U+0007"


def test_the_field_holding_a_control_character_is_named() -> None:
    address = Address.model_validate({**ADDRESS, "street": "Weg\x1b[31m 1"})
    assert control_character_field({"customer": {"billing_address": address}}) == (
        "customer.billing_address.street: control character U+001B is not allowed"
    )
    assert control_character_field({"lines": [{"title": "ok"}, {"title": "x\x00"}]}) == (
        "lines.1.title: control character U+0000 is not allowed"
    )
    assert control_character_field({"note": "two\nlines", "lines": []}) is None


def test_only_a_shipment_carries_tracking() -> None:
    assert str(check_shipment(OrderStatus.PAID, True, None, [3])).startswith("tracking: only a shipment")
    assert str(check_shipment(OrderStatus.CANCELLED, True, None, [3])).startswith("tracking: ")
    assert check_shipment(OrderStatus.SHIPPED, True, None, [3]) is None


def test_a_partial_shipment_of_a_one_line_order_names_less_than_the_whole_line() -> None:
    assert str(check_shipment(OrderStatus.PARTIALLY_SHIPPED, False, None, [3])).startswith("lines: ")
    assert "that is shipped" in str(check_shipment(OrderStatus.PARTIALLY_SHIPPED, False, [(0, 3)], [3]))
    assert check_shipment(OrderStatus.PARTIALLY_SHIPPED, False, [(0, 1)], [3]) is None
    assert check_shipment(OrderStatus.PARTIALLY_SHIPPED, True, None, [3, 1]) is None  # several lines
