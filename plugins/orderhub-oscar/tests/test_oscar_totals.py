"""For every consistent Oscar order, the mapped total equals ``total_incl_tax`` to the cent."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from orderhub_oscar.mapping import map_order
from orderhub_oscar.settings import DEFAULT_STATUS_MAP

CENT = Decimal("0.01")


def cents(n: int) -> str:
    return str((Decimal(n) * CENT).quantize(CENT))


@st.composite
def oscar_orders(draw: st.DrawFn) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    lines, after_total, taken = [], 0, 0
    for n in range(draw(st.integers(1, 4))):
        unit, quantity = draw(st.integers(1, 50_000)), draw(st.integers(1, 5))
        discount = draw(st.integers(0, unit * quantity))
        after_total += unit * quantity - discount
        taken += discount
        lines.append({"title": f"Item {n}", "partner_sku": f"S-{n}", "quantity": quantity,
                      "unit_price_incl_tax": cents(unit), "price_incl_tax": cents(unit * quantity - discount),
                      "price_incl_tax_excl_discounts": cents(unit * quantity)})  # fmt: skip
    # Oscar rounds each discount record on its own: records may be a cent or two off the lines
    records = [
        max(0, taken // 2 + draw(st.integers(-2, 2))),
        max(0, taken - taken // 2 + draw(st.integers(-2, 2))),
    ]
    shipping = draw(st.integers(0, 2_000))
    surcharge = draw(st.integers(0, 500))
    order = {
        "number": "100042", "status": "new", "currency": "EUR", "date_placed": "2026-01-02T03:04:05Z",
        "shipping_incl_tax": cents(shipping), "email": "a@example.com", "owner": None,
        "billing_address": None, "shipping_address": None,
        "surcharges": [{"name": "Fee", "incl_tax": cents(surcharge)}] if surcharge else [],
        "offer_discounts": [{"name": "Offer", "amount": cents(records[0])}] if taken else [],
        "voucher_discounts": [{"name": "Voucher", "amount": cents(records[1]), "voucher": {"code": "V"}}] if taken else [],
        "total_incl_tax": cents(after_total + shipping + surcharge),
    }  # fmt: skip
    return order, lines


@settings(max_examples=200, deadline=None)
@given(oscar_orders())
def test_mapped_total_equals_oscars_total_incl_tax(
    payload: tuple[dict[str, Any], list[dict[str, Any]]],
) -> None:
    order, lines = payload
    mapped = map_order(order, lines, DEFAULT_STATUS_MAP)
    assert mapped.total == Decimal(order["total_incl_tax"])
    assert all(a.amount < 0 for a in mapped.adjustments if a.kind in ("discount", "coupon"))
