"""Pure mapping of an SP-API Orders v2026-01-01 order to orderhub's ``ChannelOrder``.

Blocks the seller's Amazon roles do not cover are simply absent (no buyer, no address, no
proceeds): the order still maps with what there is. Pending orders carry no prices: they map to
status ``pending`` with zero prices; the later UNSHIPPED version brings the real content. Amazon
has no buyer id, so the anonymised buyer e-mail (stable per buyer) is both the buyer's e-mail and
id. Where ``proceeds.grandTotal`` is present the mapped total equals it exactly, or the order is
refused: amounts that belong to no item (a delivery tip, an order discount), named by the
order's proceeds breakdowns, become adjustments.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from adapters.channels.amazon.item_amounts import (
    ZERO,
    AmazonMappingError,
    ItemAmounts,
    breakdowns,
    map_items,
    parse_money,
)
from adapters.channels.amazon.marketplaces import MARKETPLACE_CURRENCY
from domain.address import Address
from domain.cancellation_request import CancellationRequest
from domain.channel_order import ChannelBuyer, ChannelOrder
from domain.customer import normalise_email
from domain.order_line import Adjustment, Tracking
from domain.status import OrderStatus

STATUS: dict[str, OrderStatus] = {
    "CANCELLED": OrderStatus.CANCELLED,
    "SHIPPED": OrderStatus.SHIPPED,
    "PARTIALLY_SHIPPED": OrderStatus.PARTIALLY_SHIPPED,
    "UNSHIPPED": OrderStatus.PAID,
    "PENDING": OrderStatus.PENDING,
    "PENDING_AVAILABILITY": OrderStatus.PENDING,
}
ORDER_LEVEL = {
    "DELIVERY_TIP": ("surcharge", "Delivery tip"),
    "DISCOUNT": ("discount", "Amazon order discount"),
    "SHIPPING": ("surcharge", "Amazon order shipping"),
    "GIFT_WRAP": ("fee", "Gift wrap"),
    "COD_FEE": ("fee", "Cash on delivery fee"),
    "OTHER": ("surcharge", "Other Amazon charge"),
}
"""Order-level proceeds types; what they hold beyond the items' own becomes one adjustment each."""

AFN_NOTE = "Fulfilled by Amazon: Amazon ships this order from its warehouse"

__all__ = ["STATUS", "AmazonMappingError", "map_order", "map_status"]


def block(raw: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = raw.get(key)
    return value if isinstance(value, Mapping) else {}


def map_status(order: Mapping[str, Any], amounts: ItemAmounts) -> OrderStatus:
    value = block(order, "fulfillment").get("fulfillmentStatus")
    if value is None:  # FULFILLMENT not granted: judge by what there is
        return OrderStatus.PAID if amounts.priced else OrderStatus.PENDING
    if not isinstance(value, str) or value not in STATUS:
        raise AmazonMappingError(f"fulfillmentStatus {value!r:.40} is not one orderhub imports")
    return STATUS[value]


def _time(order: Mapping[str, Any], key: str) -> datetime:
    value = order.get(key)
    if not isinstance(value, str):
        raise AmazonMappingError(f"{key} is missing")
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise AmazonMappingError(f"{key} {value!r:.40} is not an ISO 8601 time") from None
    if parsed.tzinfo is None:
        raise AmazonMappingError(f"{key} {value!r:.40} has no time zone")
    return parsed.astimezone(UTC)


def _text(raw: Mapping[str, Any], key: str, limit: int = 200) -> str | None:
    value = raw.get(key)
    return value.strip()[:limit] or None if isinstance(value, str) else None


def _address(raw: Mapping[str, Any]) -> Address | None:
    """``recipient.deliveryAddress`` when it is complete enough to ship to."""
    lines = [line for key in ("addressLine1", "addressLine2", "addressLine3") if (line := _text(raw, key))]
    name, postal, city, country = (_text(raw, k) for k in ("name", "postalCode", "city", "countryCode"))
    if not lines or not (name and postal and city and country):
        return None
    try:
        return Address(
            name=name,
            company=_text(raw, "companyName"),
            street=lines[0],
            street2=", ".join(lines[1:])[:200] or None,
            postal_code=postal[:20],
            city=city,
            country_code=country,
            phone=_text(raw, "phone", 50),
        )
    except ValueError as exc:
        raise AmazonMappingError(
            f"recipient.deliveryAddress is invalid: {' '.join(str(exc).split())[:200]}"
        ) from None


def _buyer(order: Mapping[str, Any], address: Address | None) -> ChannelBuyer:
    buyer = block(order, "buyer")
    email = _text(buyer, "buyerEmail", 320)
    email = normalise_email(email) if email else None
    name = _text(buyer, "buyerName") or (address.name if address else None)
    return ChannelBuyer(external_id=email, email=email, name=name, company=_text(buyer, "buyerCompanyName"))


def _tracking(order: Mapping[str, Any]) -> list[Tracking]:
    """Parcels confirmed in Seller Central (or by orderhub) as Amazon lists them."""
    found: list[Tracking] = []
    packages = order.get("packages")
    for package in packages if isinstance(packages, list) else []:
        if not isinstance(package, Mapping) or block(package, "packageStatus").get("status") == "CANCELLED":
            continue
        carrier, number = _text(package, "carrier", 100), _text(package, "trackingNumber", 100)
        if carrier and number and (parcel := Tracking(carrier=carrier, number=number)) not in found:
            found.append(parcel)
    return found


def _cancellation_request(items: list[Any], status: OrderStatus) -> CancellationRequest | None:
    """Open while an item carries a request and the order is not cancelled yet."""
    if status is OrderStatus.CANCELLED:
        return None
    for item in items:
        request = (
            block(block(item, "cancellation"), "cancellationRequest") if isinstance(item, Mapping) else {}
        )
        if request:
            requester = "buyer" if request.get("requester") in (None, "BUYER") else "channel"
            return CancellationRequest(requested_by=requester, reason=_text(request, "cancelReason", 500))
    return None


def _currency(order: Mapping[str, Any], currencies: set[str]) -> str:
    if len(currencies) > 1:
        raise AmazonMappingError(f"amounts in more than one currency: {', '.join(sorted(currencies))}")
    if currencies:
        return next(iter(currencies))
    marketplace = block(order, "salesChannel").get("marketplaceId")
    if isinstance(marketplace, str) and marketplace in MARKETPLACE_CURRENCY:
        return MARKETPLACE_CURRENCY[marketplace]
    raise AmazonMappingError(f"no currency: no amounts and unknown marketplaceId {marketplace!r:.30}")


def _order_level(order_types: dict[str, Decimal], amounts: ItemAmounts) -> list[Adjustment]:
    """What the order's proceeds hold per type beyond its items' (a tip belongs to no item)."""
    found = []
    for kind, (adjustment, title) in ORDER_LEVEL.items():
        extra = order_types.get(kind, ZERO) - amounts.by_type.get(kind, ZERO)
        if kind == "DISCOUNT":
            extra = -(abs(order_types.get(kind, ZERO)) - abs(amounts.by_type.get(kind, ZERO)))
        if kind in order_types and extra:
            found.append(Adjustment(kind=adjustment, title=title, amount=extra))  # type: ignore[arg-type]
    return found


def _exact(order: ChannelOrder, grand_total: Decimal, tax: Decimal) -> ChannelOrder:
    """Exact or refused; some marketplaces (US) list sales tax per item on top of the prices."""
    if order.total == grand_total:
        return order
    if tax and order.total + tax == grand_total:
        extra = Adjustment(kind="tax", title="Sales tax collected by Amazon", amount=tax)
        return order.model_copy(update={"adjustments": [*order.adjustments, extra]})
    raise AmazonMappingError(
        f"items and order amounts add up to {order.total} {order.currency} "
        f"but proceeds.grandTotal is {grand_total} {order.currency}"
    )


def map_order(order: Mapping[str, Any]) -> ChannelOrder:
    external_id = _text(order, "orderId")
    if not external_id:
        raise AmazonMappingError("orderId is missing")
    items = order.get("orderItems")
    if not isinstance(items, list):
        raise AmazonMappingError("orderItems is missing")
    amounts = map_items(items)
    status = map_status(order, amounts)
    proceeds = block(order, "proceeds")
    currencies = amounts.currencies
    grand_total = parse_money(proceeds.get("grandTotal"), "proceeds.grandTotal", currencies)
    order_types = breakdowns(proceeds, "proceeds", currencies)
    address = _address(block(block(order, "recipient"), "deliveryAddress"))
    fulfilled_by = block(order, "fulfillment").get("fulfilledBy")
    try:
        mapped = ChannelOrder(
            external_id=external_id,
            external_number=external_id,  # the order id is what Amazon shows the buyer
            status=status,
            currency=_currency(order, currencies),
            lines=amounts.lines,
            shipping_cost=amounts.shipping,
            adjustments=amounts.adjustments + _order_level(order_types, amounts),
            buyer=_buyer(order, address),
            shipping_address=address,
            tracking=_tracking(order),
            placed_at=_time(order, "createdTime"),
            channel_updated_at=_time(order, "lastUpdatedTime"),
            note=AFN_NOTE if fulfilled_by == "AMAZON" else None,
            cancellation_request=_cancellation_request(items, status),
        )
    except AmazonMappingError:
        raise
    except ValueError as exc:  # pydantic's ValidationError: say which rule, keep it one line
        raise AmazonMappingError(f"order {external_id}: {' '.join(str(exc).split())[:300]}") from None
    if grand_total is None or (status is OrderStatus.PENDING and not amounts.priced):
        return mapped
    return _exact(mapped, grand_total, amounts.tax)
