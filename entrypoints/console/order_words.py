"""An order's events and actors in words, and which status changes its rules allow now.

The words are the console's (translated where shown); what may happen to an order is the domain's
(``domain.status.check_change``): the page shows a button exactly where the rule would allow it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.actor import Actor, ActorKind, recorded_actor
from domain.order import Order
from domain.status import OrderStatus, check_address_correction, check_change
from entrypoints.console.formatting import status_word
from entrypoints.console.i18n import gettext

SOURCE_WORDS = {"immediate": "Immediate order", "customer": "Customer order"}


@dataclass(frozen=True)
class Possible:
    """The status changes the rules allow for the order now.

    Mark as shipped is a change of status: a shipped order is already shipped, so it gets no such
    button (``check_change`` without tracking says so); the domain's other parcel of a shipped
    order (the same status with new tracking) stays the API's.
    """

    paid: bool
    shipped: bool
    cancelled: bool
    address_correction: bool

    @classmethod
    def for_status(cls, status: OrderStatus) -> Possible:
        return cls(
            paid=check_change(status, OrderStatus.PAID, adds_tracking=False) is None,
            shipped=check_change(status, OrderStatus.SHIPPED, adds_tracking=False) is None,
            cancelled=check_change(status, OrderStatus.CANCELLED, adds_tracking=False) is None,
            address_correction=check_address_correction(status) is None,
        )

    @property
    def any(self) -> bool:
        return self.paid or self.shipped or self.cancelled


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    text: str
    who: str


def actor_words(actor: Actor) -> str:
    if actor.kind is ActorKind.USER:
        return actor.name
    if actor.kind is ActorKind.API_KEY:
        return gettext("API key %(name)s") % {"name": actor.name}
    if actor.kind is ActorKind.CHANNEL:
        return gettext("Sync of channel %(name)s") % {"name": actor.name}
    return gettext("System (%(name)s)") % {"name": actor.name}


def _tracking(tracking: Any) -> str:
    if tracking is None:
        return ""
    return " " + gettext("(carrier %(carrier)s, tracking number %(number)s)") % {
        "carrier": tracking.carrier,
        "number": tracking.number,
    }


def event_words(event: Any) -> str:
    kind = type(event).__name__
    if isinstance(event, Order.Created):
        return gettext("Placed as %(source)s") % {"source": gettext(SOURCE_WORDS[event.source_kind])}
    if isinstance(event, Order.ImportedFromChannel):
        return gettext("Imported from channel %(channel)s (its order %(external_id)s)") % {
            "channel": event.channel,
            "external_id": event.order.external_id,
        }
    if isinstance(event, Order.StatusSynced):
        return gettext("The channel reported: %(status)s") % {"status": status_word(event.order.status)}
    if isinstance(event, Order.DetailsSynced):
        return gettext("The channel reported changed details")
    if isinstance(event, Order.StatusChanged):
        text = gettext("Status changed from %(before)s to %(after)s") % {
            "before": status_word(event.previous_status),
            "after": status_word(event.status),
        }
        text += _tracking(event.tracking)
        if event.reason:
            text += " " + gettext("(reason: %(reason)s)") % {"reason": event.reason}
        return text
    if isinstance(event, Order.StatusPushed):
        return gettext("The channel confirmed the change to %(status)s") % {
            "status": status_word(event.status)
        }
    if isinstance(event, Order.PushRejected):
        return gettext("The channel refused our change: %(reason)s") % {"reason": event.reason}
    if isinstance(event, Order.NoteAdded):
        return gettext("Note: %(text)s") % {"text": event.text}
    if isinstance(event, Order.ShippingAddressCorrected):
        if event.address is None:
            return gettext("Shipping address erased")
        a = event.address
        return gettext("Shipping address corrected to %(address)s") % {
            "address": ", ".join(
                p for p in (a.name, a.company, a.street, f"{a.postal_code} {a.city}", a.country_code) if p
            )
        }
    return kind  # an event this console does not know yet: at least its name


def history(events: list[Any]) -> list[HistoryEntry]:
    return [
        HistoryEntry(event.timestamp, event_words(event), actor_words(recorded_actor(event)))
        for event in events
    ]


def channel_state(order: Order, events: list[Any]) -> str | None:
    """For a channel order: whether our latest change still waits for the channel, or was
    confirmed (or refused) by it; None when we changed nothing yet."""
    if not order.is_channel_order:
        return None
    if order.pending_pushes:
        return gettext("Our latest change is waiting for the channel")
    if order.push_refused:
        return gettext("The channel refused our latest change: %(reason)s") % {"reason": order.push_refused}
    if any(isinstance(event, Order.StatusPushed) for event in events):
        return gettext("Our latest change is confirmed by the channel")
    return None
