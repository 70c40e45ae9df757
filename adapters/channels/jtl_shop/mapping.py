"""Pure mapping of one exported ``<tbestellung>`` to orderhub's ``ChannelOrder``.

Positions by ``nPosTyp`` (JTL-Shop defines.php): articles and free gifts become lines, shipping
positions the shipping cost, coupons, vouchers, payment and packaging surcharges and fees signed
adjustments. Gross amounts come from net + tax rate (see ``amounts.py``); a rounding difference
between the per-unit gross prices and the shop's once-rounded total becomes one more adjustment,
so the order total equals the shop's exactly.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from decimal import Decimal
from typing import Literal

from adapters.channels.jtl_shop.amounts import gross, gross_total, parse_decimal, shop_round, unit_gross
from adapters.channels.jtl_shop.countries import country_code
from domain.address import Address
from domain.channel_order import ChannelBuyer, ChannelOrder
from domain.order_line import Adjustment, OrderLine, Tracking, order_total
from domain.status import OrderStatus

LINE_TYPES = {1: "article", 11: "free gift"}
SHIPPING_TYPES = {2: "shipping", 6: "shipping surcharge", 9: "product-dependent shipping"}
AdjustmentKind = Literal["discount", "coupon", "surcharge", "fee", "tax"]
ADJUSTMENT_KINDS: dict[int, AdjustmentKind] = {
    3: "coupon",
    7: "coupon",
    4: "discount",
    8: "fee",
    13: "fee",
    14: "fee",
}
"""3 Kupon, 7 Neukundenkupon, 4 Gutschein, 8 Nachnahmegebühr, 13 Zinsaufschlag, 14 Bearbeitungsgebühr;
5 Zahlungsart, 10 Verpackung and anything else: surcharge, or discount when negative."""

STATUS: dict[int, OrderStatus] = {
    -1: OrderStatus.CANCELLED,
    1: OrderStatus.OPEN,
    2: OrderStatus.OPEN,
    3: OrderStatus.PAID,
    4: OrderStatus.SHIPPED,
    5: OrderStatus.PARTIALLY_SHIPPED,
}
ROUNDING_TITLE = "Rundungsdifferenz (rounding difference)"


class OrderMappingError(ValueError):
    """The order cannot be mapped; the message says which field and why."""


def text(element: ET.Element | None, tag: str) -> str:
    found = element.find(tag) if element is not None else None
    return (found.text or "").strip() if found is not None else ""


def map_status(value: str) -> OrderStatus:
    try:
        return STATUS[int(value)]
    except (ValueError, KeyError):
        raise OrderMappingError(f"unknown cStatus {value!r}") from None


def parse_created(value: str, shop_zone: tzinfo) -> datetime:
    """``dErstellt`` is the shop's local wall time (MySQL DATETIME) without an offset."""
    try:
        local = datetime.fromisoformat(value.strip())
    except ValueError:
        raise OrderMappingError(f"dErstellt is not a date-time: {value!r}") from None
    if local.tzinfo is None:
        local = local.replace(tzinfo=shop_zone)
    return local.astimezone(UTC)


def map_address(element: ET.Element | None, what: str) -> Address | None:
    if element is None or not (
        text(element, "cNachname") or text(element, "cStrasse") or text(element, "cFirma")
    ):
        return None
    name = f"{text(element, 'cVorname')} {text(element, 'cNachname')}".strip() or text(element, "cFirma")
    try:
        return Address(
            name=name,
            company=text(element, "cFirma") or None,
            street=text(element, "cStrasse"),
            street2=text(element, "cAdressZusatz") or None,
            postal_code=text(element, "cPLZ"),
            city=text(element, "cOrt"),
            country_code=country_code(text(element, "cISO"), text(element, "cLand")),
            phone=text(element, "cTel") or text(element, "cMobil") or None,
        )
    except ValueError as exc:
        raise OrderMappingError(f"{what}: {exc}") from None


def _title(position: ET.Element) -> str:
    title = text(position, "cName") or text(position, "cArtNr") or "Position"
    variations = [
        f"{text(v, 'cEigenschaftName')}: {text(v, 'cFreifeldWert') or text(v, 'cEigenschaftWertName')}"
        for v in position.findall("twarenkorbposeigenschaft")
        if text(v, "cEigenschaftName")
    ]
    return f"{title} ({', '.join(variations)})"[:500] if variations else title[:500]


def _line(position: ET.Element, net: Decimal, quantity: Decimal, rate: Decimal) -> OrderLine:
    sku = text(position, "cArtNr") or None
    if quantity == quantity.to_integral_value():
        return OrderLine(
            sku=sku,
            title=_title(position),
            quantity=int(quantity),
            unit_price=unit_gross(net, rate),
            tax_rate=rate,
        )
    # A divisible article (1.5 m): one line carrying the exact gross amount of the measured quantity.
    unit = text(position, "cEinheit")
    title = f"{_title(position)} ({quantity.normalize()}{' ' + unit if unit else ''})"
    return OrderLine(
        sku=sku, title=title[:500], quantity=1, unit_price=shop_round(gross(net, quantity, rate))
    )


@dataclass
class _Positions:
    lines: list[OrderLine] = field(default_factory=list)
    adjustments: list[Adjustment] = field(default_factory=list)
    shipping: Decimal = Decimal("0.00")
    exact: list[tuple[Decimal, Decimal, Decimal]] = field(default_factory=list)
    """(net, quantity, tax rate) of every position: what the shop's total is computed from."""


def _positions(order: ET.Element) -> _Positions:
    found = _Positions()
    for position in order.findall("twarenkorbpos"):
        name = text(position, "cName") or "?"
        fprice = text(position, "fPreis") or text(position, "fPreisEinzelNetto")
        net = parse_decimal(fprice, f"fPreis of {name!r}")
        quantity = parse_decimal(text(position, "nAnzahl"), f"nAnzahl of {name!r}")
        rate = parse_decimal(text(position, "fMwSt"), f"fMwSt of {name!r}")
        pos_type = int(parse_decimal(text(position, "nPosTyp") or "1", f"nPosTyp of {name!r}"))
        if quantity <= 0:
            raise OrderMappingError(f"position {name!r} has quantity {quantity}")
        found.exact.append((net, quantity, rate))
        amount = shop_round(gross(net, quantity, rate))
        if pos_type in LINE_TYPES:
            if net < 0:
                raise OrderMappingError(f"article {name!r} has a negative price {net}")
            found.lines.append(_line(position, net, quantity, rate))
        elif pos_type in SHIPPING_TYPES:
            found.shipping += amount
        elif amount != 0:
            kind = ADJUSTMENT_KINDS.get(pos_type) or ("discount" if amount < 0 else "surcharge")
            found.adjustments.append(Adjustment(kind=kind, title=name[:500], amount=amount))
    return found


def _reconciled(found: _Positions, credit: Decimal) -> list[Adjustment]:
    """The adjustments, plus store credit and the rounding difference that make the shop's total."""
    adjustments = list(found.adjustments)
    if credit:
        adjustments.append(Adjustment(kind="discount", title="Guthaben (store credit)", amount=-credit))
    shop_total = gross_total(found.exact) - credit
    mapped = order_total(found.lines, found.shipping, adjustments)
    if mapped != shop_total:
        kind: AdjustmentKind = "discount" if shop_total < mapped else "surcharge"
        adjustments.append(Adjustment(kind=kind, title=ROUNDING_TITLE, amount=shop_total - mapped))
    return adjustments


def _buyer(order: ET.Element, billing: ET.Element | None) -> ChannelBuyer:
    customer_id = order.get("kKunde", "0").strip()
    name = f"{text(billing, 'cVorname')} {text(billing, 'cNachname')}".strip()
    return ChannelBuyer(
        external_id=customer_id if customer_id not in ("", "0") else None,  # 0: a guest order
        email=text(billing, "cMail") or None,
        name=name or None,
        phone=text(billing, "cTel") or None,
        company=text(billing, "cFirma") or None,
    )


def map_order(order: ET.Element, currency: str, shop_zone: tzinfo) -> ChannelOrder:
    order_id = order.get("kBestellung", "").strip()
    found = _positions(order)
    if not found.lines:
        raise OrderMappingError(f"order {order_id} has no article positions")
    if found.shipping < 0:
        raise OrderMappingError(f"order {order_id} has negative shipping costs {found.shipping}")
    credit = shop_round(abs(parse_decimal(text(order, "fGuthaben"), "fGuthaben")))
    billing_element = order.find("trechnungsadresse")
    billing = map_address(billing_element, "billing address (trechnungsadresse)")
    delivery = map_address(order.find("tlieferadresse"), "shipping address (tlieferadresse)")
    tracking_number = text(order, "cTracking")
    carrier = text(order, "cVersandInfo") or "shop"
    tracking = [Tracking(carrier=carrier, number=tracking_number)] if tracking_number else []
    return ChannelOrder(
        external_id=order_id,
        external_number=text(order, "cBestellNr")[:200] or None,  # B01004: what the buyer was shown
        status=map_status(text(order, "cStatus")),
        currency=currency,
        lines=found.lines,
        shipping_cost=found.shipping,
        adjustments=_reconciled(found, credit),
        buyer=_buyer(order, billing_element),
        billing_address=billing,
        shipping_address=delivery or billing,
        tracking=tracking,
        placed_at=parse_created(text(order, "dErstellt"), shop_zone),
        note=text(order, "cKommentar")[:5000] or None,
    )
