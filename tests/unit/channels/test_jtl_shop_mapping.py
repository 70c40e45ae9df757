"""JTL-Shop dbeS order mapping: net + tax to exact gross, positions, countries, buyers, statuses."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.channels.jtl_shop.countries import UnknownCountryError, country_code
from adapters.channels.jtl_shop.dbes_format import decode_xml
from adapters.channels.jtl_shop.mapping import ROUNDING_TITLE, OrderMappingError, map_order, map_status
from adapters.channels.jtl_shop.order_document import parse_orders
from domain.status import OrderStatus
from simulators.jtl_shop.export import order_xml, orders_document
from simulators.jtl_shop.orders import net_text
from simulators.jtl_shop.state import ShopAddress, ShopOrder, ShopPosition

BERLIN = ZoneInfo("Europe/Berlin")
BILLING = ShopAddress(
    "Jürgen",
    "Größ",
    "Königsallee 12a",
    "40212",
    "Düsseldorf",
    "DE",
    email="j.groess@example.de",
    phone="0211 1",
)


def article(
    gross: str, rate: str = "19", quantity: str = "1", name: str = "Kaffeetasse „Grüße“"
) -> ShopPosition:
    return ShopPosition(name, net_text(Decimal(gross), rate), rate, quantity, 1, "TASSE-01", "Stk.")


def shop_order(positions: list[ShopPosition], **fields: object) -> ShopOrder:
    values: dict[str, object] = {
        "order_id": 4711,
        "number": "B04711",
        "customer_id": 42,
        "created": datetime(2024, 7, 1, 12, 0, 0),
        "billing": BILLING,
        "positions": positions,
    }
    values.update(fields)
    return ShopOrder(**values)  # type: ignore[arg-type]


def mapped(order: ShopOrder):  # type: ignore[no-untyped-def]
    return map_order(ET.fromstring(order_xml(order)), "EUR", BERLIN)


def independent_shop_total(order: ShopOrder) -> Decimal:
    """Σ net × qty × (100 + rate) / 100, rounded to 3 then 2 places half up (JTL-Shop's fGesamtsumme)."""
    exact = sum(
        Decimal(p.net_price) * Decimal(p.quantity) * (100 + Decimal(p.tax_rate)) / 100
        for p in order.positions
    )
    milli = Decimal(exact).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    return milli.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_a_net_price_derived_from_a_gross_shelf_price_maps_back_to_that_gross_price() -> None:
    order = mapped(shop_order([article("19.99")]))
    assert order.lines[0].unit_price == Decimal("19.99")
    assert order.lines[0].tax_rate == Decimal("19")


def test_reduced_tax_rate_lines_keep_their_rate() -> None:
    order = mapped(shop_order([article("24.00", "7", name="Buch"), article("12.90")]))
    assert [(line.unit_price, line.tax_rate) for line in order.lines] == [
        (Decimal("24.00"), Decimal("7")),
        (Decimal("12.90"), Decimal("19")),
    ]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.decimals(min_value=Decimal("0.01"), max_value=Decimal("2000"), places=4),
            st.sampled_from(["0", "5", "7", "7.7", "10", "19", "20", "21", "25"]),
            st.integers(min_value=1, max_value=25),
            st.booleans(),
        ),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from(["0", "3.90", "4.90", "5.95"]),
    st.sampled_from(["0", "-5.00", "-0.01"]),
)
def test_the_order_total_equals_the_shops_gross_total_exactly(
    items: list[tuple[Decimal, str, int, bool]], shipping: str, coupon: str
) -> None:
    positions = [
        ShopPosition("Artikel", net_text(price, rate) if gross_priced else str(price), rate, str(qty), 1, "A")
        for price, rate, qty, gross_priced in items
    ]
    if shipping != "0":
        positions.append(ShopPosition("Versand", net_text(Decimal(shipping), "19"), "19", pos_type=2))
    if coupon != "0":
        positions.append(ShopPosition("Kupon", net_text(Decimal(coupon), "19"), "19", pos_type=3))
    order = shop_order(positions)
    if independent_shop_total(order) < 0:
        return
    result = mapped(order)
    assert result.total == independent_shop_total(order)
    assert all(line.unit_price == line.unit_price.quantize(Decimal("0.01")) for line in result.lines)


def test_a_cent_lost_to_per_line_rounding_becomes_a_rounding_adjustment() -> None:
    # 0.0037 net × 1.19 = 0.0044 → 0.00 per line, but the two together make 0.0088 → 0.01.
    order = shop_order([ShopPosition("A", "0.0037", "19", "1"), ShopPosition("B", "0.0037", "19", "1")])
    result = mapped(order)
    assert [line.unit_price for line in result.lines] == [Decimal("0.00"), Decimal("0.00")]
    assert result.total == Decimal("0.01") == independent_shop_total(order)
    assert result.adjustments[-1].title == ROUNDING_TITLE


def test_the_shipping_position_becomes_the_shipping_cost() -> None:
    positions = [
        article("19.99"),
        ShopPosition("Versand: DHL Paket", net_text(Decimal("4.90"), "19"), "19", pos_type=2),
    ]
    result = mapped(shop_order(positions))
    assert result.shipping_cost == Decimal("4.90")
    assert len(result.lines) == 1
    assert result.total == Decimal("24.89")


@pytest.mark.parametrize(
    ("pos_type", "gross", "kind"),
    [(3, "-5.00", "coupon"), (7, "-10.00", "coupon"), (4, "-20.00", "discount"), (5, "0.35", "surcharge"),
     (5, "-1.50", "discount"), (8, "4.00", "fee"), (10, "2.50", "surcharge"), (14, "1.00", "fee")],
)  # fmt: skip
def test_non_article_positions_become_signed_adjustments(pos_type: int, gross: str, kind: str) -> None:
    positions = [
        article("49.99"),
        ShopPosition("Extra", net_text(Decimal(gross), "19"), "19", pos_type=pos_type),
    ]
    result = mapped(shop_order(positions))
    assert [(a.kind, a.amount) for a in result.adjustments] == [(kind, Decimal(gross))]
    assert result.total == Decimal("49.99") + Decimal(gross)


def test_store_credit_is_deducted_like_the_shop_deducts_it_from_the_total() -> None:
    result = mapped(shop_order([article("30.00")], credit="-5"))
    assert result.adjustments[-1].amount == Decimal("-5.00")
    assert result.total == Decimal("25.00")


def test_variations_are_part_of_the_line_title() -> None:
    shirt = article("19.99", name="T-Shirt")
    shirt.variations = [("Größe", "M"), ("Farbe", "Grün")]
    assert mapped(shop_order([shirt])).lines[0].title == "T-Shirt (Größe: M, Farbe: Grün)"


def test_a_measured_quantity_becomes_one_line_with_the_exact_amount() -> None:
    cloth = ShopPosition("Stoff", net_text(Decimal("8.00"), "19"), "19", "1.5", 1, "STOFF", "m")
    line = mapped(shop_order([cloth])).lines[0]
    assert (line.quantity, line.unit_price, line.title) == (1, Decimal("12.00"), "Stoff (1.5 m)")


def test_umlauts_and_quotes_survive_in_names_and_addresses() -> None:
    result = mapped(shop_order([article("12.90")], comment="Bitte „vorsichtig“ – danke!"))
    assert result.lines[0].title == "Kaffeetasse „Grüße“"
    assert result.billing_address is not None
    assert (result.billing_address.name, result.billing_address.city) == ("Jürgen Größ", "Düsseldorf")
    assert result.note == "Bitte „vorsichtig“ – danke!"


def test_without_a_delivery_address_the_order_ships_to_the_billing_address() -> None:
    result = mapped(shop_order([article("9.99")]))
    assert result.shipping_address == result.billing_address


def test_a_separate_delivery_address_is_kept() -> None:
    elsewhere = ShopAddress("Käthe", "Weiß", "Schloßweg 3", "1010", "Wien", "AT", company="Bäckerei Weiß")
    result = mapped(shop_order([article("9.99")], shipping=elsewhere))
    assert result.shipping_address is not None
    assert (result.shipping_address.country_code, result.shipping_address.company) == ("AT", "Bäckerei Weiß")


def test_a_registered_customer_is_the_buyer_with_the_billing_email() -> None:
    buyer = mapped(shop_order([article("9.99")])).buyer
    assert (buyer.external_id, buyer.email, buyer.name) == ("42", "j.groess@example.de", "Jürgen Größ")


def test_a_guest_order_has_no_buyer_id() -> None:
    assert mapped(shop_order([article("9.99")], customer_id=0)).buyer.external_id is None


def test_the_shops_local_order_time_becomes_utc() -> None:
    assert mapped(shop_order([article("1.00")])).placed_at == datetime(2024, 7, 1, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "status"),
    [("-1", OrderStatus.CANCELLED), ("1", OrderStatus.OPEN), ("2", OrderStatus.OPEN), ("3", OrderStatus.PAID),
     ("4", OrderStatus.SHIPPED), ("5", OrderStatus.PARTIALLY_SHIPPED)],
)  # fmt: skip
def test_shop_statuses_map_as_the_architecture_says(value: str, status: OrderStatus) -> None:
    assert map_status(value) is status


def test_an_unknown_status_is_a_mapping_error() -> None:
    with pytest.raises(OrderMappingError, match="cStatus"):
        map_status("7")


@pytest.mark.parametrize(
    ("iso", "name", "code"),
    [("AT", "Österreich", "AT"), ("", "Österreich", "AT"), (None, "Großbritannien", "GB"),
     ("", "Vereinigtes Königreich", "GB"), ("", "Schweiz", "CH"), ("", "Tschechische Republik", "CZ"),
     ("", "Niederlande", "NL"), ("", "  deutschland ", "DE"), ("", "DE", "DE"), ("ch", "", "CH")],
)  # fmt: skip
def test_countries_come_from_cISO_or_the_german_name(iso: str | None, name: str, code: str) -> None:
    assert country_code(iso, name) == code


def test_an_unknown_country_is_a_clear_error() -> None:
    with pytest.raises(UnknownCountryError, match="Atlantis"):
        country_code("", "Atlantis")


def test_an_order_without_articles_cannot_be_mapped() -> None:
    shipping_only = [ShopPosition("Versand", "4.12", "19", pos_type=2)]
    with pytest.raises(OrderMappingError, match="no article"):
        mapped(shop_order(shipping_only))


def test_a_document_with_one_broken_order_still_yields_the_others() -> None:
    good, broken = (
        shop_order([article("5.00")]),
        shop_order([article("6.00")], order_id=4712, broken_xml=True),
    )
    entries = parse_orders(orders_document([good, broken, shop_order([article("7.00")], order_id=4713)]))
    assert [(e.order_id, e.element is not None) for e in entries] == [
        ("4711", True),
        ("4712", False),
        ("4713", True),
    ]
    assert "unparsable" in (entries[1].error or "")


def test_iso_8859_1_answers_are_decoded_too() -> None:
    assert decode_xml("<a>Größe</a>".encode("latin-1")) == "<a>Größe</a>"
    assert decode_xml("<a>Größe</a>".encode()) == "<a>Größe</a>"


def test_tracking_the_shop_already_knows_is_kept() -> None:
    result = mapped(shop_order([article("9.99")], tracking_code="JJD1", shipping_info="DHL", status=4))
    assert [(t.carrier, t.number) for t in result.tracking] == [("DHL", "JJD1")]
    assert result.status is OrderStatus.SHIPPED


def test_the_order_number_the_buyer_saw_is_the_external_number() -> None:
    result = mapped(shop_order([article("19.99")]))
    assert (result.external_id, result.external_number) == ("4711", "B04711")
    assert mapped(shop_order([article("19.99")], number="")).external_number is None
