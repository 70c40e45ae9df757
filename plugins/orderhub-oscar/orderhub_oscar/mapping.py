"""Oscar admin API order + lines -> orderhub ``ChannelOrder`` (pure functions).

Totals: Oscar's line ``price_incl_tax`` is the LINE total after basket discounts,
``price_incl_tax_excl_discounts`` the line total before them and ``unit_price_incl_tax`` the
unit price. orderhub keeps unit prices before discounts, ``shipping_incl_tax`` (already net of
shipping offers) as shipping cost, each surcharge as a ``surcharge`` adjustment and the basket
discounts (lines before - after) as negative ``discount``/``coupon`` adjustments named after
Oscar's offer and voucher records. The sum must equal ``total_incl_tax`` to the cent, else the
order is quarantined with the breakdown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from domain.channel_order import ChannelBuyer, ChannelOrder
from domain.order_line import OrderLine
from domain.status import OrderStatus
from orderhub_oscar.addresses import OscarMappingError, address, buyer_external_id, full_name
from orderhub_oscar.amounts import CENT, money
from orderhub_oscar.discounts import basket_discounts, surcharges


def map_status(value: Any, status_map: Mapping[str, OrderStatus]) -> OrderStatus:
    if not isinstance(value, str) or value not in status_map:
        known = ", ".join(sorted(status_map))
        raise OscarMappingError(f"Oscar status {value!r} is not in the channel's status_map (known: {known})")
    return status_map[value]


def placed_at(value: Any) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise OscarMappingError(f"date_placed {value!r} is not an ISO 8601 time") from None
    if moment.tzinfo is None:
        raise OscarMappingError(f"date_placed {value!r} has no UTC offset")
    return moment.astimezone(UTC)


def line_before_discounts(raw: Mapping[str, Any], where: str) -> tuple[OrderLine, Decimal]:
    """The line at its unit price, and the basket discount Oscar took off it."""
    quantity = raw.get("quantity")
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0:
        raise OscarMappingError(f"{where}: quantity {quantity!r} is not a positive integer")
    after = money(raw.get("price_incl_tax"), f"{where}: price_incl_tax")
    if raw.get("unit_price_incl_tax") is not None:
        unit = money(raw["unit_price_incl_tax"], f"{where}: unit_price_incl_tax")
    else:  # the stock OSCARAPI_ORDERLINE_FIELDS have line totals only
        before = money(raw.get("price_incl_tax_excl_discounts"), f"{where}: price_incl_tax_excl_discounts")
        unit = before / quantity
        if unit != unit.quantize(CENT):
            raise OscarMappingError(
                f"{where}: no unit_price_incl_tax and {before} / {quantity} is not whole cents"
            )
    title = next(
        (raw[k] for k in ("title", "upc", "partner_sku") if isinstance(raw.get(k), str) and raw[k].strip()),
        None,
    )
    if title is None:
        raise OscarMappingError(f"{where}: no title; add 'title' to the shop's OSCARAPI_ORDERLINE_FIELDS")
    sku = next(
        (raw[k] for k in ("partner_sku", "upc") if isinstance(raw.get(k), str) and raw[k].strip()), None
    )
    line = OrderLine(sku=sku, title=title, quantity=quantity, unit_price=unit.quantize(CENT))
    discount = line.total - after
    if discount < 0:
        raise OscarMappingError(f"{where}: price_incl_tax {after} exceeds {quantity} x {unit}")
    return line, discount


def map_order(
    order: Mapping[str, Any], lines: Sequence[Mapping[str, Any]], status_map: Mapping[str, OrderStatus]
) -> ChannelOrder:
    """Raises OscarMappingError (a ValueError) naming the order and what is wrong with it."""
    number = order.get("number")
    try:
        return _map(order, lines, status_map)
    except OscarMappingError as exc:
        raise OscarMappingError(f"order {number}: {exc}") from None
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise OscarMappingError(f"order {number}: unexpected payload ({type(exc).__name__}: {exc})") from None


def _map(
    order: Mapping[str, Any], lines: Sequence[Mapping[str, Any]], status_map: Mapping[str, OrderStatus]
) -> ChannelOrder:
    if not lines:
        raise OscarMappingError("the order has no lines")
    mapped = [line_before_discounts(raw, f"line {n}") for n, raw in enumerate(lines, start=1)]
    shipping = money(order.get("shipping_incl_tax"), "shipping_incl_tax")
    taken = sum((discount for _, discount in mapped), Decimal("0.00"))
    adjustments = surcharges(order.get("surcharges")) + basket_discounts(order, taken)
    billing = address(order.get("billing_address"), "billing")
    shipping_to = address(order.get("shipping_address"), "shipping")
    who = order.get("billing_address") or order.get("shipping_address") or {}
    result = ChannelOrder(
        external_id=str(order["number"]),
        status=map_status(order.get("status"), status_map),
        currency=order["currency"],
        lines=[line for line, _ in mapped],
        shipping_cost=shipping,
        adjustments=adjustments,
        buyer=ChannelBuyer(
            external_id=buyer_external_id(order.get("owner")),
            email=order.get("email") or None,
            name=full_name(who) or None,
            phone=shipping_to.phone if shipping_to else None,
        ),
        billing_address=billing,
        shipping_address=shipping_to,
        placed_at=placed_at(order.get("date_placed")),
        note=(order.get("shipping_address") or {}).get("notes") or None,
    )
    _check_total(result, money(order.get("total_incl_tax"), "total_incl_tax"))
    return result


def _check_total(result: ChannelOrder, expected: Decimal) -> None:
    if result.total != expected:
        parts = ", ".join(f"{a.kind} {a.title!r} {a.amount}" for a in result.adjustments) or "no adjustments"
        lines = sum((line.total for line in result.lines), Decimal("0.00"))
        raise OscarMappingError(
            f"total_incl_tax is {expected} but lines {lines} + shipping {result.shipping_cost} + {parts} "
            f"make {result.total}"
        )
