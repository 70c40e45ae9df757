"""Pure mapping of an SP-API Orders v0 order (+ its items) to orderhub's ``ChannelOrder``.

Pending orders carry no prices, no address and items without prices: they map to status
``pending`` with zero prices; the later Unshipped version brings the real content. Amazon has
no buyer id, so the anonymised relay e-mail (stable per buyer) is both the buyer's e-mail and id.
Where ``OrderTotal`` is present the mapped total must equal it exactly, or the order is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from adapters.channels.amazon.item_amounts import AmazonMappingError, ItemAmounts, map_items, parse_money
from adapters.channels.amazon.marketplaces import MARKETPLACE_CURRENCY
from domain.address import Address
from domain.channel_order import ChannelBuyer, ChannelOrder
from domain.customer import normalise_email
from domain.order_line import Adjustment
from domain.status import OrderStatus

STATUS: dict[str, OrderStatus] = {
    "Canceled": OrderStatus.CANCELLED,
    "Shipped": OrderStatus.SHIPPED,
    "InvoiceUnconfirmed": OrderStatus.SHIPPED,
    "PartiallyShipped": OrderStatus.PARTIALLY_SHIPPED,
    "Unshipped": OrderStatus.PAID,
    "Pending": OrderStatus.PENDING,
    "PendingAvailability": OrderStatus.PENDING,
}

AFN_NOTE = "Fulfilled by Amazon (AFN): Amazon ships this order from its warehouse"

__all__ = ["STATUS", "AmazonMappingError", "map_order", "map_status"]


def map_status(value: Any) -> OrderStatus:
    if not isinstance(value, str) or value not in STATUS:
        raise AmazonMappingError(f"OrderStatus {value!r:.40} is not one orderhub imports")
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


def _address(raw: Any) -> Address | None:
    """The shipping address when it is complete (without a Restricted Data Token it is not)."""
    if not isinstance(raw, Mapping):
        return None
    lines = [str(raw[k]).strip() for k in ("AddressLine1", "AddressLine2", "AddressLine3") if raw.get(k)]
    lines = [line for line in lines if line]
    needed = [raw.get("Name"), raw.get("PostalCode"), raw.get("City"), raw.get("CountryCode")]
    if not lines or not all(isinstance(v, str) and v.strip() for v in needed):
        return None
    company = raw.get("CompanyName") if isinstance(raw.get("CompanyName"), str) else None
    phone = raw.get("Phone") if isinstance(raw.get("Phone"), str) else None
    try:
        return Address(
            name=str(raw["Name"])[:200],
            company=company[:200] if company else None,
            street=lines[0][:200],
            street2=", ".join(lines[1:])[:200] or None,
            postal_code=str(raw["PostalCode"]),
            city=str(raw["City"])[:200],
            country_code=str(raw["CountryCode"]),
            phone=phone[:50] if phone else None,
        )
    except ValueError as exc:
        raise AmazonMappingError(f"ShippingAddress is invalid: {exc}") from None


def _buyer(order: Mapping[str, Any], address: Address | None) -> ChannelBuyer:
    info = order.get("BuyerInfo")
    if not isinstance(info, Mapping):
        info = {}
    email = info.get("BuyerEmail")
    email = normalise_email(email) if isinstance(email, str) else None
    name = info.get("BuyerName")
    name = name.strip()[:200] if isinstance(name, str) and name.strip() else None
    return ChannelBuyer(external_id=email, email=email, name=name or (address.name if address else None))


def _currency(order: Mapping[str, Any], amounts: ItemAmounts, order_currencies: set[str]) -> str:
    found = order_currencies | amounts.currencies
    if len(found) > 1:
        raise AmazonMappingError(f"amounts in more than one currency: {', '.join(sorted(found))}")
    if found:
        return found.pop()
    marketplace = order.get("MarketplaceId")
    if isinstance(marketplace, str) and marketplace in MARKETPLACE_CURRENCY:
        return MARKETPLACE_CURRENCY[marketplace]
    raise AmazonMappingError(f"no currency: no amounts and unknown MarketplaceId {marketplace!r:.30}")


def _check_total(order: ChannelOrder, amazon_total: Decimal, tax: Decimal) -> ChannelOrder:
    """Exact or refused; US marketplaces list sales tax per item on top of the prices."""
    if order.total == amazon_total:
        return order
    if tax and order.total + tax == amazon_total:
        extra = Adjustment(kind="tax", title="Sales tax collected by Amazon", amount=tax)
        return order.model_copy(update={"adjustments": [*order.adjustments, extra]})
    raise AmazonMappingError(
        f"items add up to {order.total} {order.currency} but OrderTotal is {amazon_total} {order.currency}"
    )


def map_order(order: Mapping[str, Any], items: list[Any]) -> ChannelOrder:
    external_id = order.get("AmazonOrderId")
    if not isinstance(external_id, str) or not external_id.strip():
        raise AmazonMappingError("AmazonOrderId is missing")
    status = map_status(order.get("OrderStatus"))
    order_currencies: set[str] = set()
    amazon_total = parse_money(order.get("OrderTotal"), "OrderTotal", order_currencies)
    amounts = map_items(items)
    address = _address(order.get("ShippingAddress"))
    try:
        mapped = ChannelOrder(
            external_id=external_id,
            status=status,
            currency=_currency(order, amounts, order_currencies),
            lines=amounts.lines,
            shipping_cost=amounts.shipping,
            adjustments=amounts.adjustments,
            buyer=_buyer(order, address),
            shipping_address=address,
            placed_at=_time(order, "PurchaseDate"),
            channel_updated_at=_time(order, "LastUpdateDate"),
            note=AFN_NOTE if order.get("FulfillmentChannel") == "AFN" else None,
        )
    except AmazonMappingError:
        raise
    except ValueError as exc:  # pydantic's ValidationError: say which rule, keep it one line
        raise AmazonMappingError(f"order {external_id}: {' '.join(str(exc).split())[:300]}") from None
    if amazon_total is None or (status is OrderStatus.PENDING and not amounts.priced):
        return mapped
    return _check_total(mapped, amazon_total, amounts.tax)
