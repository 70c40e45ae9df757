"""The summary of one order that the order list and the sales report keep, folded from its events.

Works on stored event JSON (see projection.py). A page of events is folded in memory: the rows of
orders created before the page are loaded in one query, changed rows are written back at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from eventsourcing.utils import get_topic

from adapters.read_models.event_records import Unread
from adapters.read_models.projection import EventRecord, cents, utc_text
from domain.order import Order
from domain.status import OrderStatus, overall

CREATED = get_topic(Order.Created)
IMPORTED = get_topic(Order.ImportedFromChannel)
SYNCED = get_topic(Order.StatusSynced)
DETAILS = get_topic(Order.DetailsSynced)
CONTENT = frozenset((SYNCED, DETAILS))
"""Both carry the channel's whole content: a summary takes it alike from either."""
CHANGED = get_topic(Order.StatusChanged)
PUSHED = get_topic(Order.StatusPushed)
REJECTED = get_topic(Order.PushRejected)
NOTED = get_topic(Order.NoteAdded)
CORRECTED = get_topic(Order.ShippingAddressCorrected)
TOUCHED = frozenset((NOTED, CORRECTED))
"""Change neither status nor amounts: only when the order was last changed (and its version)."""
TOPICS = [CREATED, IMPORTED, SYNCED, DETAILS, CHANGED, PUSHED, REJECTED, NOTED, CORRECTED]
CREATION = frozenset((CREATED, IMPORTED))
UNREAD: Unread = {
    CREATED: (b',"billing_address":', b',"note":'),
    IMPORTED: (b',"buyer":', b',"tracking":'),  # in "order": buyer and both addresses
    SYNCED: (b',"buyer":', b',"tracking":'),
    DETAILS: (b',"buyer":', b',"tracking":'),
}
"""The addresses and the buyer: half of what an order event holds, never read by a summary."""

State = dict[str, Any]
"""Keys: id, number, customer_id, source_kind, channel, external_id, external_number, local_status, channel_status,
status, currency, total_cents, created_at, updated_at, version, pending_pushes."""


def _overall(channel_status: str | None, local_status: str | None) -> str:
    return str(
        overall(
            OrderStatus(channel_status) if channel_status else None,
            OrderStatus(local_status) if local_status else None,
        )
    )


_CHOICES: list[str | None] = [None, *(s.value for s in OrderStatus)]
_OVERALL = {(c, local): _overall(c, local) for c in _CHOICES for local in _CHOICES}


def status_of(channel_status: str | None, local_status: str | None) -> str:
    """``domain.status.overall`` on stored text (precomputed: it runs for every event)."""
    found = _OVERALL.get((channel_status, local_status))
    return found if found is not None else _overall(channel_status, local_status)


def lines_cents(data: dict[str, Any]) -> int:
    """Σ quantity × unit price + shipping + Σ adjustments, as ``order_total`` computes it."""
    shipping = data["shipping_cost"]  # stored as "19.99": the fast path of cents(), inlined
    total = int(shipping.replace(".", "")) if shipping[-3:-2] == "." else cents(shipping)
    for line in data["lines"]:
        price = line["unit_price"]
        total += line["quantity"] * (int(price.replace(".", "")) if price[-3:-2] == "." else cents(price))
    adjustments = data.get("adjustments")
    if adjustments:  # usually none
        for adjustment in adjustments:
            total += cents(adjustment["amount"])
    return total


def created(event: EventRecord) -> State:
    data = event.data
    recorded = utc_text(data["timestamp"])
    if event.topic == CREATED:
        kind, channel, external_id, channel_status = data["source_kind"], None, None, None
        external_number = None
        currency, total, placed = data["currency"], lines_cents(data), recorded
    else:
        order = data["order"]
        kind, channel, external_id = data["channel_kind"], data["channel"], order["external_id"]
        external_number = order.get("external_number")
        channel_status, currency, total = order["status"], order["currency"], lines_cents(order)
        placed = utc_text(order["placed_at"])
    return {
        "id": event.originator_id,
        "number": data["number"],
        "customer_id": data["customer_id"],
        "source_kind": kind,
        "channel": channel,
        "external_id": external_id,
        "external_number": external_number,
        "local_status": None,
        "channel_status": channel_status,
        "status": status_of(channel_status, None),
        "currency": currency,
        "total_cents": total,
        "created_at": placed,
        "updated_at": recorded,
        "version": event.version,
        "pending_pushes": 0,
    }


def change(state: State, event: EventRecord) -> None:
    data = event.data
    if event.topic in CONTENT:
        order = data["order"]
        state["channel_status"], state["currency"] = order["status"], order["currency"]
        state["total_cents"] = lines_cents(order)
        state["external_number"] = order.get("external_number") or state.get("external_number")
    elif event.topic == CHANGED:
        state["local_status"] = data["status"]
        if data.get("push_id"):
            state["pending_pushes"] += 1
    elif event.topic in TOUCHED:
        pass
    else:  # PUSHED, REJECTED: a pending push is settled
        state["pending_pushes"] = max(0, state["pending_pushes"] - 1)
    state["status"] = status_of(state["channel_status"], state["local_status"])
    state["updated_at"] = utc_text(data["timestamp"])
    state["version"] = event.version


def fold(
    events: Sequence[EventRecord], load: Callable[[list[str]], dict[str, State]], new_rows_only: bool = False
) -> dict[str, State]:
    """Apply ``events`` in order; returns the states that changed. Repeated events change nothing."""
    known = load([e.originator_id for e in events if not (new_rows_only and e.topic in CREATION)])
    changed: dict[str, State] = {}
    for event in events:
        state = known.get(event.originator_id)
        if event.topic in CREATION:
            if state is None:
                known[event.originator_id] = changed[event.originator_id] = created(event)
        elif state is not None and state["version"] < event.version:
            change(state, event)
            changed[event.originator_id] = state
    return changed
