"""Orders and customers for tests: JSON payloads as the API takes them, and hypothesis strategies."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from domain.address import Address
from domain.iso_codes import COUNTRY_CODES, CURRENCY_CODES
from domain.money import minor_units
from domain.order_line import OrderLine, Tracking
from domain.status import SETTABLE_HERE, OrderStatus

ADDRESS: dict[str, Any] = {
    "name": "Anna Schmidt",
    "street": "Hauptstraße 1",
    "postal_code": "10115",
    "city": "Berlin",
    "country_code": "DE",
}


def line(**changes: Any) -> dict[str, Any]:
    return {
        "sku": "MUG-1",
        "title": "Tasse",
        "quantity": 3,
        "unit_price": "19.99",
        "tax_rate": "19",
        **changes,
    }


def new_customer(email: str | None = "anna@example.com", **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"name": "Anna Schmidt", "billing_address": dict(ADDRESS), **changes}
    if email is not None:
        data["email"] = email
    return data


def draft(**changes: Any) -> dict[str, Any]:
    """A customer order's body (``POST /customers/{id}/orders``): 3 × 19.99 + 4.90 = 64.87."""
    return {"currency": "EUR", "lines": [line()], "shipping_cost": "4.90", **changes}


def immediate_order(customer: dict[str, Any] | None = None, **changes: Any) -> dict[str, Any]:
    """A Sofortauftrag's body with new customer data (``POST /orders``)."""
    return {"customer": customer or new_customer(), **draft(**changes)}


# ---- hypothesis strategies --------------------------------------------------------------------

words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüß ", min_size=1, max_size=30).filter(str.strip)
cents = st.integers(min_value=0, max_value=99_999_999)  # up to 999 999.99
prices = cents.map(lambda c: Decimal(c).scaleb(-2))
tax_rates = st.sampled_from([None, Decimal("0"), Decimal("7"), Decimal("19"), Decimal("20"), Decimal("7.7")])

order_lines = st.builds(
    OrderLine,
    sku=st.none() | words,
    title=words,
    # Small enough that 30 such lines stay within the maximum order total (domain/money.py).
    quantity=st.integers(min_value=1, max_value=1000),
    unit_price=st.integers(min_value=0, max_value=99_999).map(lambda c: Decimal(c).scaleb(-2)),
    tax_rate=tax_rates,
)
addresses = st.builds(
    Address,
    name=words,
    street=words,
    postal_code=st.from_regex(r"\A[0-9]{4,5}\Z"),
    city=words,
    country_code=st.sampled_from(sorted(COUNTRY_CODES)),
)
currencies = st.sampled_from(sorted(c for c in CURRENCY_CODES if minor_units(c) == 2))
"""Currencies with cents: generated prices have two places, which JPY and the like refuse."""
trackings = st.builds(
    Tracking, carrier=st.sampled_from(["DHL", "UPS", "DPD"]), number=st.from_regex(r"\A[0-9]{6}\Z")
)
settable_statuses = st.sampled_from(sorted(SETTABLE_HERE))
any_status = st.sampled_from(list(OrderStatus))
