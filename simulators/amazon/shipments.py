"""The simulator's confirmShipment rules: validate the body like Amazon does, then ship the items."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from simulators.amazon.orders import SimOrder, amazon_time
from simulators.amazon.queries import SimInputError

SHIPPABLE = frozenset({"Unshipped", "PartiallyShipped"})


def _package(body: Any, order: SimOrder) -> Mapping[str, Any]:
    if not isinstance(body, Mapping):
        raise SimInputError("The request body must be a JSON object")
    if body.get("marketplaceId") != order.marketplace_id:
        raise SimInputError(f"marketplaceId must be the order's marketplace {order.marketplace_id}")
    package = body.get("packageDetail")
    if not isinstance(package, Mapping):
        raise SimInputError("packageDetail is required")
    for name in ("packageReferenceId", "carrierCode", "trackingNumber", "shipDate", "orderItems"):
        if not package.get(name):
            raise SimInputError(f"packageDetail.{name} is required")
    if not isinstance(package["orderItems"], list):
        raise SimInputError("packageDetail.orderItems must be a list")
    reference = package["packageReferenceId"]
    if not isinstance(reference, str) or not reference.isdigit() or int(reference) <= 0:
        raise SimInputError("packageReferenceId must be a positive numeric string")
    if package["carrierCode"] == "Other" and not package.get("carrierName"):
        raise SimInputError("carrierName is required when carrierCode is Other")
    try:
        ship_date = datetime.fromisoformat(str(package["shipDate"]))
    except ValueError:
        raise SimInputError(f"shipDate {package['shipDate']!r} is not an ISO 8601 date-time") from None
    if ship_date.tzinfo is None:
        raise SimInputError("shipDate must carry a time zone offset")
    return package


def add_package(
    order: SimOrder, reference: str, tracking: tuple[str, str], now: datetime, items: list[dict[str, Any]]
) -> None:
    """The parcel as v2026's ``packages[]`` lists it."""
    carrier, number = tracking
    time = amazon_time(now)
    order.packages.append(
        {"packageReferenceId": reference, "createdTime": time, "packageStatus": {"status": "SHIPPED"},
         "carrier": carrier, "shipTime": time, "trackingNumber": number, "packageItems": items}
    )  # fmt: skip


def apply_confirmation(order: SimOrder | None, order_id: str, body: Any, now: datetime) -> None:
    if order is None:
        raise SimInputError(f"Order {order_id} not found", status=404, code="NotFound")
    package = _package(body, order)
    if order.fulfillment_channel == "AFN":
        raise SimInputError("Orders fulfilled by Amazon (AFN) cannot be confirmed by the seller")
    if order.status not in SHIPPABLE:
        raise SimInputError(f"Order {order_id} is {order.status} and cannot be shipped")
    if package["packageReferenceId"] in order.package_references:
        raise SimInputError(
            f"packageReferenceId {package['packageReferenceId']} was already used for this order"
        )
    items = {item.order_item_id: item for item in order.items}
    plan: dict[str, int] = {}
    for entry in package["orderItems"]:
        item_id = entry.get("orderItemId") if isinstance(entry, Mapping) else None
        quantity = entry.get("quantity") if isinstance(entry, Mapping) else None
        if item_id not in items:
            raise SimInputError(f"orderItemId {item_id!r} is not an item of order {order_id}")
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
            raise SimInputError(f"quantity of {item_id} must be a positive integer")
        plan[item_id] = plan.get(item_id, 0) + quantity
        unshipped = items[item_id].quantity - items[item_id].quantity_shipped
        if plan[item_id] > unshipped:
            raise SimInputError(f"quantity {plan[item_id]} of {item_id} exceeds the unshipped {unshipped}")
    for item_id, quantity in plan.items():
        items[item_id].quantity_shipped += quantity
    order.package_references.append(str(package["packageReferenceId"]))
    carrier = package.get("carrierName") if package["carrierCode"] == "Other" else package["carrierCode"]
    shipped = [{"orderItemId": k, "quantity": v} for k, v in plan.items()]
    add_package(
        order,
        str(package["packageReferenceId"]),
        (str(carrier), str(package["trackingNumber"])),
        now,
        shipped,
    )
    done = all(i.quantity_shipped >= i.quantity for i in order.items)
    order.status = "Shipped" if done else "PartiallyShipped"
