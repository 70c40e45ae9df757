"""A change made here that its channel has yet to confirm (the outbox entry), and a shipment's parcel."""

from __future__ import annotations

from datetime import datetime

from domain.errors import InvalidOrderError
from domain.eventsourced import Immutable
from domain.order_line import OrderLine, Tracking
from domain.status import OrderStatus


class PendingPush(Immutable):
    push_id: str
    status: OrderStatus
    tracking: Tracking | None = None
    reason: str | None = None
    parcel: list[OrderLine] | None = None
    queued_at: datetime


def parcel_lines(
    lines: list[OrderLine], status: OrderStatus, parcel: list[tuple[int, int]]
) -> list[OrderLine]:
    """The order's ``lines`` with the quantities a shipment's ``parcel`` ((line index, quantity)
    pairs) names; refuses a parcel for anything but a shipment, and more than a line holds."""
    if status not in (OrderStatus.PARTIALLY_SHIPPED, OrderStatus.SHIPPED):
        raise InvalidOrderError("lines: only a shipment names the lines it contains")
    shipped: dict[int, int] = {}
    for index, quantity in parcel:
        if not 0 <= index < len(lines):
            raise InvalidOrderError(f"lines: the order has no line {index} (it has {len(lines)})")
        shipped[index] = shipped.get(index, 0) + quantity
        if quantity <= 0 or shipped[index] > lines[index].quantity:
            raise InvalidOrderError(
                f"lines: line {index} has quantity {lines[index].quantity}, cannot ship {shipped[index]}"
            )
    return [lines[i].model_copy(update={"quantity": q}) for i, q in shipped.items()]
