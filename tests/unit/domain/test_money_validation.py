"""Money, currency and country validation: exact amounts, ISO codes, and a clean error for anything else."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from domain.address import Address
from domain.money import Amount, Currency, Price, TaxRate
from tests.support.order_data import ADDRESS

price = TypeAdapter(Price)
amount = TypeAdapter(Amount)
currency = TypeAdapter(Currency)
tax_rate = TypeAdapter(TaxRate)


@pytest.mark.parametrize(
    ("given_value", "expected"),
    [
        ("19.99", "19.99"),
        ("4.9", "4.90"),
        ("0", "0.00"),
        (20, "20.00"),
        (" 7.50 ", "7.50"),
        ("1e2", "100.00"),
    ],
)
def test_a_price_is_kept_as_an_exact_decimal_with_two_places(given_value: Any, expected: str) -> None:
    assert str(price.validate_python(given_value)) == expected


@pytest.mark.parametrize(
    ("bad", "why"),
    [
        ("1.2.3", "not a decimal amount"),
        ("abc", "not a decimal amount"),
        ("", "not a decimal amount"),
        (19.99, "not a float"),
        ("19.999", "more than two decimal places"),
        ("-0.01", "must not be negative"),
        ("NaN", "finite"),
        ("Infinity", "finite"),
        ("1000000000", "out of range"),
        ("123456789012345678901234567890.123", "out of range"),
        ("1e999999", "out of range"),
        ("1e9", r" 1000000000 is out of range: an amount is at most 999999999\.99"),
        ("-1000000000.5", r" -1000000000\.5 is out of range"),
        ("123456789012345678901234567890.123", r" 123456789012345678901234567890\.123 is out of range"),
        ("1e999999", "a number with 1000000 digits is out of range"),
    ],
)
def test_a_malformed_price_is_rejected_with_a_reason(bad: Any, why: str) -> None:
    with pytest.raises(ValidationError, match=why):
        price.validate_python(bad)


def test_an_amount_may_be_negative_like_a_discount() -> None:
    assert amount.validate_python("-5.00") == Decimal("-5.00")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_text_is_either_an_amount_or_a_validation_error(text: str) -> None:
    try:
        value = amount.validate_python(text)
    except ValidationError:
        return
    assert value == value.quantize(Decimal("0.01"))


@settings(max_examples=200, deadline=None)
@given(st.decimals(allow_nan=True, allow_infinity=True))
def test_any_decimal_is_either_a_price_or_a_validation_error(value: Decimal) -> None:
    try:
        checked = price.validate_python(value)
    except ValidationError:
        return
    assert checked == value and Decimal(0) <= checked < Decimal(1_000_000_000)


@pytest.mark.parametrize(
    ("given_value", "expected"), [("19", "19"), ("20", "20"), ("100", "100"), ("7.7", "7.7")]
)
def test_a_tax_rate_is_shown_without_an_exponent(given_value: str, expected: str) -> None:
    assert str(tax_rate.validate_python(given_value)) == expected


@pytest.mark.parametrize("bad", ["-1", "100.01", "sNaN", "x"])
def test_a_tax_rate_outside_0_to_100_percent_is_rejected(bad: str) -> None:
    with pytest.raises(ValidationError, match=r"tax rate|finite|decimal"):
        TypeAdapter(TaxRate).validate_python(bad)


@pytest.mark.parametrize(("given_value", "expected"), [("EUR", "EUR"), ("chf", "CHF"), (" usd ", "USD")])
def test_a_currency_is_an_iso_4217_code_in_capitals(given_value: str, expected: str) -> None:
    assert currency.validate_python(given_value) == expected


@pytest.mark.parametrize("bad", ["XXY", "EURO", "€", "", "DM"])
def test_an_unknown_currency_is_rejected(bad: str) -> None:
    with pytest.raises(ValidationError, match="ISO 4217"):
        currency.validate_python(bad)


@pytest.mark.parametrize(("given_value", "expected"), [("DE", "DE"), ("at", "AT"), (" ch ", "CH")])
def test_a_country_is_an_iso_3166_alpha_2_code_in_capitals(given_value: str, expected: str) -> None:
    assert Address.model_validate({**ADDRESS, "country_code": given_value}).country_code == expected


@pytest.mark.parametrize("bad", ["XX", "DEU", "Germany", "", "UK"])
def test_an_unknown_country_is_rejected(bad: str) -> None:
    with pytest.raises(ValidationError, match="ISO 3166"):
        Address.model_validate({**ADDRESS, "country_code": bad})
