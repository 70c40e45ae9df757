"""Properties of the JTL-Connector mapping: whatever the items, the order total is the shop's total."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.channels.jtl_connector.mapping import map_customer_order
from simulators.jtl_connector.orders import generate_orders

CENT = Decimal("0.01")
KINDS = ["product", "shipping", "coupon", "discount", "surcharge"]


def order(items: list[dict[str, Any]], total_gross: Decimal) -> dict[str, Any]:
    return {
        "id": ["77", 0],
        "customerId": ["g_77", 0],
        "creationDate": "2026-05-04T10:15:00+02:00",
        "currencyIso": "EUR",
        "status": "new",
        "paymentStatus": "unpaid",
        "totalSumGross": float(total_gross),
        "items": items,
    }


@st.composite
def gross_items(draw: st.DrawFn) -> tuple[list[dict[str, Any]], Decimal]:
    """Items with their gross unit price given (``priceGross``), as most endpoints send them."""
    kinds = ["product", *draw(st.lists(st.sampled_from(KINDS), max_size=6))]
    items, total = [], Decimal(0)
    for kind in kinds:
        gross = Decimal(draw(st.integers(0, 200_000))) / 100
        vat = draw(st.sampled_from([0, 7, 19, 20]))
        quantity = draw(st.integers(1, 25)) if kind == "product" else 1
        sign = -1 if kind in ("coupon", "discount") and draw(st.booleans()) else 1
        net = (gross / (1 + Decimal(vat) / 100)).quantize(Decimal("0.0001"), ROUND_HALF_UP)
        item = {"name": kind, "type": kind, "vat": float(vat), "quantity": float(quantity)}
        items.append(item | {"price": float(sign * net), "priceGross": float(sign * gross)})
        total += (-gross if kind in ("coupon", "discount") else gross) * quantity
    return items, total


@st.composite
def net_items(draw: st.DrawFn) -> tuple[list[dict[str, Any]], Decimal]:
    """Products with only a four-place net price and VAT; the shop rounds each line to cents."""
    items, total = [], Decimal(0)
    for _ in range(draw(st.integers(1, 6))):
        net = Decimal(draw(st.integers(0, 10_000_000))) / 10_000
        vat = Decimal(draw(st.sampled_from([0, 7, 19, 20])))
        quantity = draw(st.integers(1, 50))
        items.append(
            {
                "name": "p",
                "type": "product",
                "price": float(net),
                "vat": float(vat),
                "quantity": float(quantity),
            }
        )
        total += (net * (1 + vat / 100) * quantity).quantize(CENT, ROUND_HALF_UP)
    return items, total


@settings(max_examples=150, deadline=None)
@given(gross_items())
def test_the_total_of_items_with_gross_prices_equals_total_sum_gross(
    case: tuple[list[dict[str, Any]], Decimal],
) -> None:
    items, total = case
    assert map_customer_order(order(items, total)).total == total.quantize(CENT)


@settings(max_examples=150, deadline=None)
@given(net_items())
def test_the_total_of_net_priced_items_equals_the_shops_rounded_total(
    case: tuple[list[dict[str, Any]], Decimal],
) -> None:
    items, total = case
    assert map_customer_order(order(items, total)).total == total


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000))
def test_every_generated_simulator_order_maps_with_its_exact_total(seed: int) -> None:
    for payload in generate_orders(5, seed=seed):
        assert map_customer_order(payload).total == Decimal(repr(payload["totalSumGross"])).quantize(CENT)
