"""Order status: one overall value, derived as the shopper would see it."""

from __future__ import annotations

from enum import StrEnum


class OrderStatus(StrEnum):
    PENDING = "pending"
    OPEN = "open"
    PAID = "paid"
    PARTIALLY_SHIPPED = "partially_shipped"
    SHIPPED = "shipped"
    CANCELLED = "cancelled"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {
    OrderStatus.PENDING: 0,
    OrderStatus.OPEN: 1,
    OrderStatus.PAID: 2,
    OrderStatus.PARTIALLY_SHIPPED: 3,
    OrderStatus.SHIPPED: 4,
    OrderStatus.CANCELLED: 5,
}

SETTABLE_HERE = frozenset(
    {OrderStatus.PAID, OrderStatus.PARTIALLY_SHIPPED, OrderStatus.SHIPPED, OrderStatus.CANCELLED}
)


def overall(*statuses: OrderStatus | None) -> OrderStatus:
    """The shopper's view: cancelled > shipped > partially_shipped > paid > open > pending."""
    known = [s for s in statuses if s is not None]
    return max(known, key=lambda s: s.rank) if known else OrderStatus.OPEN


def check_change(current: OrderStatus, requested: OrderStatus, adds_tracking: bool) -> str | None:
    """Why ``current -> requested`` is illegal here, or None when it is allowed."""
    if requested not in SETTABLE_HERE:
        return f"{requested} cannot be set by hand"
    if current is OrderStatus.CANCELLED:
        return "a cancelled order changes no more"
    if requested is OrderStatus.CANCELLED:
        return "a shipped order cannot be cancelled" if current is OrderStatus.SHIPPED else None
    if (
        requested is current
        and adds_tracking
        and current
        in (
            OrderStatus.PARTIALLY_SHIPPED,
            OrderStatus.SHIPPED,
        )
    ):
        return None  # another parcel of the same shipment state
    if requested.rank <= current.rank:
        return f"the order is already {current}"
    return None


SHIPMENTS = frozenset({OrderStatus.PARTIALLY_SHIPPED, OrderStatus.SHIPPED})


def check_shipment(
    requested: OrderStatus,
    has_tracking: bool,
    parcel: list[tuple[int, int]] | None,
    line_quantities: list[int],
) -> str | None:
    """Why the tracking or parcel given with a change does not fit it (``field: rule``), or None.

    Tracking belongs to a parcel, so only a shipment carries it; and a partial shipment of an
    order with a single line only means something when it says how many of that line it holds.
    """
    if has_tracking and requested not in SHIPMENTS:
        return f"tracking: only a shipment (partially_shipped or shipped) carries tracking, not {requested}"
    if requested is not OrderStatus.PARTIALLY_SHIPPED or len(line_quantities) != 1:
        return None
    if not parcel:
        return "lines: partially_shipped on a one-line order must name the parcel's quantity (lines)"
    if sum(quantity for _, quantity in parcel) >= line_quantities[0]:
        return "lines: this parcel holds the whole of the order's only line: that is shipped, not partially_shipped"
    return None


ADDRESS_FIXED = {
    OrderStatus.PARTIALLY_SHIPPED: "a parcel has left already",
    OrderStatus.SHIPPED: "it has been shipped",
    OrderStatus.CANCELLED: "it is cancelled",
}


def check_address_correction(current: OrderStatus) -> str | None:
    """Why an order's shipping address can no longer be corrected, or None: once a parcel has left
    (or the order is cancelled) the address is what the shipment or the books say it was."""
    why = ADDRESS_FIXED.get(current)
    return None if why is None else f"the shipping address cannot be corrected any more: {why}"
