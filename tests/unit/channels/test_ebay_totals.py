"""eBay pricing → lines, shipping and adjustments whose sum is ``pricingSummary.total`` exactly."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.channels.ebay.mapping import EbayMappingError, map_order
from simulators.ebay.orders import generate_order
from tests.unit.channels.ebay_payloads import amount, line, order

CENTS = st.integers(min_value=0, max_value=500_000).map(lambda c: Decimal(c) / 100)


def _summary(**figures: str) -> dict[str, dict[str, str]]:
    return {name: amount(value) for name, value in figures.items()}


def test_a_price_discount_becomes_a_negative_discount_adjustment() -> None:
    mapped = map_order(
        order(pricingSummary=_summary(deliveryCost="4.90", priceDiscount="-2.58", total="28.12"))
    )
    assert [(a.kind, a.amount) for a in mapped.adjustments] == [("discount", Decimal("-2.58"))]
    assert mapped.total == Decimal("28.12")


def test_the_older_price_discount_subtotal_is_read_the_same_way() -> None:
    summary = _summary(deliveryCost="4.90", priceDiscountSubtotal="-2.58", total="28.12")
    assert [a.amount for a in map_order(order(pricingSummary=summary)).adjustments] == [Decimal("-2.58")]


def test_a_delivery_discount_lowers_the_shipping_cost() -> None:
    mapped = map_order(
        order(pricingSummary=_summary(deliveryCost="4.90", deliveryDiscount="-4.90", total="25.80"))
    )
    assert mapped.shipping_cost == Decimal("0.00")
    assert mapped.total == Decimal("25.80")


def test_a_delivery_discount_larger_than_the_delivery_cost_is_refused() -> None:
    with pytest.raises(EbayMappingError, match="deliveryDiscount"):
        map_order(
            order(pricingSummary=_summary(deliveryCost="1.00", deliveryDiscount="-2.00", total="24.80"))
        )


@pytest.mark.parametrize(("value", "kind"), [("1.50", "surcharge"), ("-2.00", "discount")])
def test_a_price_adjustment_becomes_an_adjustment_with_its_sign(value: str, kind: str) -> None:
    total = str(Decimal("30.70") + Decimal(value))
    mapped = map_order(order(pricingSummary=_summary(deliveryCost="4.90", adjustment=value, total=total)))
    assert [(a.kind, a.amount) for a in mapped.adjustments] == [(kind, Decimal(value))]


def test_a_special_fee_becomes_a_fee_adjustment() -> None:
    mapped = map_order(order(pricingSummary=_summary(deliveryCost="4.90", fee="1.75", total="32.45")))
    assert [(a.kind, a.amount) for a in mapped.adjustments] == [("fee", Decimal("1.75"))]


def test_collect_and_remit_tax_in_the_total_becomes_a_tax_adjustment() -> None:
    item = line() | {"ebayCollectAndRemitTaxes": [{"taxType": "VAT", "amount": amount("5.16")}]}
    summary = _summary(deliveryCost="4.90", tax="5.16", total="35.86")
    mapped = map_order(order(lineItems=[item], pricingSummary=summary))
    assert [(a.kind, a.title, a.amount) for a in mapped.adjustments] == [
        ("tax", "eBay collect and remit tax", Decimal("5.16"))
    ]
    assert mapped.total == Decimal("35.86")


def test_collect_and_remit_tax_left_out_of_the_total_adds_nothing() -> None:
    item = line() | {"ebayCollectAndRemitTaxes": [{"taxType": "VAT", "amount": amount("5.16")}]}
    mapped = map_order(order(lineItems=[item], pricingSummary=_summary(deliveryCost="4.90", total="30.70")))
    assert mapped.adjustments == []


def test_seller_collected_sales_tax_in_the_total_becomes_a_tax_adjustment() -> None:
    item = line() | {"taxes": [{"taxType": "STATE_SALES_TAX", "amount": amount("2.06")}]}
    mapped = map_order(order(lineItems=[item], pricingSummary=_summary(deliveryCost="4.90", total="32.76")))
    assert [(a.kind, a.amount) for a in mapped.adjustments] == [("tax", Decimal("2.06"))]


def test_a_difference_no_reported_tax_explains_is_refused() -> None:
    with pytest.raises(EbayMappingError, match="no tax eBay reported"):
        map_order(order(pricingSummary=_summary(deliveryCost="4.90", total="31.70")))


def test_a_subtotal_that_is_not_the_sum_of_the_lines_is_refused() -> None:
    with pytest.raises(EbayMappingError, match="priceSubtotal"):
        map_order(order(pricingSummary=_summary(priceSubtotal="99.00", total="25.80")))


@settings(max_examples=60, deadline=None)
@given(
    lines=st.lists(
        st.tuples(CENTS, st.integers(min_value=1, max_value=20), st.booleans()), min_size=1, max_size=6
    ),
    delivery=CENTS,
    delivery_discount_share=st.sampled_from([Decimal(0), Decimal("0.5"), Decimal(1)]),
    discount=CENTS,
    adjustment=st.integers(min_value=-500, max_value=500).map(lambda c: Decimal(c) / 100),
    remit_rate=st.sampled_from([None, Decimal("0.19"), Decimal("0.20")]),
    remit_in_total=st.booleans(),
)
def test_the_mapped_total_equals_the_ebay_total_exactly(
    lines: list[tuple[Decimal, int, bool]],
    delivery: Decimal,
    delivery_discount_share: Decimal,
    discount: Decimal,
    adjustment: Decimal,
    remit_rate: Decimal | None,
    remit_in_total: bool,
) -> None:
    items, subtotal, remit = [], Decimal("0.00"), Decimal("0.00")
    for index, (unit, quantity, has_sku) in enumerate(lines):
        cost = unit * quantity
        item = line(
            str(index + 1),
            f"Artikel Nr. {index} – Größe M",
            quantity,
            f"{cost:.2f}",
            "SKU" if has_sku else None,
        )
        if remit_rate is not None:
            tax = (cost * remit_rate).quantize(Decimal("0.01"))
            item["ebayCollectAndRemitTaxes"] = [{"taxType": "VAT", "amount": amount(f"{tax:.2f}")}]
            remit += tax
        items.append(item)
        subtotal += cost
    delivery_discount = -(delivery * delivery_discount_share).quantize(Decimal("0.01"))
    discount = -min(discount, subtotal)
    total = subtotal + delivery + delivery_discount + discount + adjustment + (remit if remit_in_total else 0)
    summary = _summary(
        priceSubtotal=f"{subtotal:.2f}",
        deliveryCost=f"{delivery:.2f}",
        deliveryDiscount=f"{delivery_discount:.2f}",
        priceDiscount=f"{discount:.2f}",
        adjustment=f"{adjustment:.2f}",
        total=f"{total:.2f}",
    )
    if remit:
        summary["tax"] = amount(f"{remit:.2f}")
    mapped = map_order(order(lineItems=items, pricingSummary=summary))
    assert mapped.total == total
    assert [x.unit_price * x.quantity for x in mapped.lines] == [
        Decimal(i["lineItemCost"]["value"]) for i in items
    ]


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32), seq=st.integers(min_value=0, max_value=10**6))
def test_every_order_the_simulator_generates_maps_with_its_exact_total(seed: int, seq: int) -> None:
    created = datetime(2026, 11, 1, tzinfo=UTC)
    payload = generate_order(random.Random(seed), seq, created, created + timedelta(hours=1)).payload
    assert map_order(payload).total == Decimal(payload["pricingSummary"]["total"]["value"])
