"""The Order aggregate: every way an order enters ends here, with its status rules.

Its state, what is read from it and how channel content enters it are in ``domain/order_state.py``;
what a channel's report changes, in ``domain/channel_content.py``.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from uuid import UUID

from pydantic import Field

from domain.actor import Actor
from domain.address import Address
from domain.channel_content import content_to_record
from domain.channel_order import ChannelOrder
from domain.errors import IllegalStatusChangeError, InvalidOrderError, OrderChangeRefusedError
from domain.eventsourced import Aggregate
from domain.money import Currency, Price
from domain.order_line import OrderLine, Tracking
from domain.order_note import AddressCorrection, NoteText, OrderNote
from domain.order_rules import new_order_problem, total_problem
from domain.order_state import ChannelKind, OrderState, PlacedHere, SourceKind
from domain.pending_push import PendingPush, parcel_lines
from domain.status import OrderStatus, check_address_correction, check_change, check_shipment

__all__ = ["CHANNEL_CONTENT_EVENTS", "ChannelKind", "Order", "PlacedHere", "SourceKind"]


class Order(OrderState):
    def __init__(self) -> None:
        """Attributes are set by the created event's ``apply``."""

    # ---- creation -------------------------------------------------------------------------

    class Created(Aggregate.Created):
        number: str
        customer_id: UUID
        source_kind: PlacedHere
        currency: Currency
        lines: list[OrderLine] = Field(min_length=1, max_length=1000)
        shipping_cost: Price
        billing_address: Address | None
        shipping_address: Address | None
        note: str | None = Field(default=None, max_length=5000)
        request_hash: str | None = None
        """The fingerprint of the API request that placed it with an Idempotency-Key."""

        def apply(self, order: Order) -> None:
            order._init_common(self.number, self.customer_id, self.timestamp)
            order.request_hash = self.request_hash
            order.source_kind, order.channel, order.external_id = self.source_kind, None, None
            order.currency, order.lines = self.currency, list(self.lines)
            order.shipping_cost, order.adjustments = self.shipping_cost, []
            order.billing_address, order.shipping_address = self.billing_address, self.shipping_address
            order.note = self.note

    class ImportedFromChannel(Aggregate.Created):
        number: str
        customer_id: UUID
        channel: str
        channel_kind: ChannelKind
        order: ChannelOrder
        receipt: str | None = None

        def apply(self, order: Order) -> None:
            order._init_common(self.number, self.customer_id, self.order.placed_at)
            order.source_kind, order.channel = self.channel_kind, self.channel
            order.external_id = self.order.external_id
            order._take_channel_content(self.order, self.receipt)

    @classmethod
    def place(
        cls,
        *,
        order_id: UUID,
        number: str,
        customer_id: UUID,
        source_kind: PlacedHere,
        currency: str,
        lines: list[OrderLine],
        shipping_cost: Decimal,
        billing_address: Address | None,
        shipping_address: Address | None,
        note: str | None,
        now: datetime,
        request_hash: str | None = None,
    ) -> Order:
        if not lines:
            raise InvalidOrderError("lines: an order needs at least one line")
        if (why := new_order_problem(currency, lines, shipping_cost)) is not None:
            raise InvalidOrderError(why)
        return cls._create(
            cls.Created,
            id=order_id,
            timestamp=now,
            number=number,
            customer_id=customer_id,
            source_kind=source_kind,
            currency=currency,
            lines=lines,
            shipping_cost=shipping_cost,
            billing_address=billing_address,
            shipping_address=shipping_address,
            note=note,
            request_hash=request_hash,
        )

    @classmethod
    def import_from_channel(
        cls,
        *,
        channel: str,
        channel_kind: str,
        number: str,
        customer_id: UUID,
        order: ChannelOrder,
        receipt: str | None,
        now: datetime,
    ) -> Order:
        _check_channel_total(order)
        return cls._create(
            cls.ImportedFromChannel,
            id=cls.channel_order_id(channel, order.external_id),
            timestamp=now,
            number=number,
            customer_id=customer_id,
            channel=channel,
            channel_kind=ChannelKind(channel_kind),
            order=order,
            receipt=receipt,
        )

    # ---- channel sync ---------------------------------------------------------------------

    class StatusSynced(Aggregate.Event):
        """The channel reported a different status; ``order`` is all it reported (events recorded
        before ``DetailsSynced`` existed may hold the same status: they replay the same way)."""

        previous_status: OrderStatus | None
        order: ChannelOrder
        receipt: str | None = None

        def apply(self, order: Order) -> None:
            order._take_channel_content(self.order, self.receipt)

    class DetailsSynced(Aggregate.Event):
        """The channel reported other changed content (address, lines, tracking, a note, ...) in the
        same status; ``order`` is all it reported."""

        order: ChannelOrder
        receipt: str | None = None

        def apply(self, order: Order) -> None:
            order._take_channel_content(self.order, self.receipt)

    def sync_from_channel(self, reported: ChannelOrder, receipt: str | None, now: datetime) -> bool:
        """Record what the channel reports (``content_to_record`` decides what is a change); returns
        False, recording nothing, when nothing changed."""
        if self.channel_content is None and self.channel_fingerprint is not None:
            # loaded from a snapshot taken before orders kept their channel content
            content = None if reported.fingerprint() == self.channel_fingerprint else reported
        else:
            content = content_to_record(self.channel_content, reported)
        if content is None:
            return False
        _check_channel_total(content)
        if content.status is not self.channel_status:
            self.trigger_event(
                self.StatusSynced,
                timestamp=now,
                previous_status=self.channel_status,
                order=content,
                receipt=receipt,
            )
        else:
            self.trigger_event(self.DetailsSynced, timestamp=now, order=content, receipt=receipt)
        return True

    # ---- changes made here ----------------------------------------------------------------

    class StatusChanged(Aggregate.Event):
        status: OrderStatus
        previous_status: OrderStatus
        tracking: Tracking | None = None
        reason: str | None = None
        push_id: str | None = None
        parcel: list[OrderLine] | None = None
        """The lines (with shipped quantities) in this shipment, when the change named them."""

        def apply(self, order: Order) -> None:
            order.local_status = self.status
            if order.paid_at is None and self.status is OrderStatus.PAID:
                order.paid_at = self.timestamp  # shipping alone does not mean paid (invoice orders)
            if self.tracking is not None and self.tracking not in order.tracking:
                order.tracking.append(self.tracking)
            if self.status is OrderStatus.CANCELLED:
                order.cancel_reason = self.reason
            if self.push_id is not None:
                order.pending_pushes[self.push_id] = PendingPush(
                    push_id=self.push_id,
                    status=self.status,
                    tracking=self.tracking,
                    reason=self.reason,
                    parcel=self.parcel,
                    queued_at=self.timestamp,
                )

    def change_status(
        self,
        status: OrderStatus,
        *,
        tracking: Tracking | None,
        reason: str | None,
        now: datetime,
        parcel: list[tuple[int, int]] | None = None,
    ) -> None:
        """``parcel``: for a shipment, (line index, quantity) pairs naming what the parcel holds."""
        adds_tracking = tracking is not None and tracking not in self.tracking
        why = check_change(self.status, status, adds_tracking)
        if why is not None:
            raise IllegalStatusChangeError(self.id, self.status, status, why)
        if status is OrderStatus.CANCELLED and not (reason and reason.strip()):
            raise InvalidOrderError("reason: a cancellation needs a reason")
        shipment = check_shipment(
            status, tracking is not None, parcel, [line.quantity for line in self.lines]
        )
        if shipment is not None:
            raise InvalidOrderError(shipment)
        shipped = parcel_lines(self.lines, status, parcel) if parcel else None
        push_id = f"v{self.version + 1}" if self.is_channel_order else None
        self.trigger_event(
            self.StatusChanged,
            timestamp=now,
            status=status,
            previous_status=self.status,
            tracking=tracking,
            reason=reason.strip() if reason else None,
            push_id=push_id,
            parcel=shipped,
        )

    class StatusPushed(Aggregate.Event):
        push_id: str
        status: OrderStatus
        channel_reference: str | None = None

        def apply(self, order: Order) -> None:
            order.pending_pushes.pop(self.push_id, None)
            order.push_refused = None

    def confirm_push(self, push_id: str, channel_reference: str | None, now: datetime) -> bool:
        """Record the channel's confirmation once; a repeated confirmation records nothing."""
        pending = self.pending_pushes.get(push_id)
        if pending is None:
            return False
        self.trigger_event(
            self.StatusPushed,
            timestamp=now,
            push_id=push_id,
            status=pending.status,
            channel_reference=channel_reference,
        )
        return True

    class PushRejected(Aggregate.Event):
        """The channel refused the change for good (e.g. an unknown line); it is not sent again."""

        push_id: str
        reason: str

        def apply(self, order: Order) -> None:
            order.pending_pushes.pop(self.push_id, None)
            order.push_refused = self.reason

    def reject_push(self, push_id: str, reason: str, now: datetime) -> None:
        if push_id in self.pending_pushes:
            self.trigger_event(self.PushRejected, timestamp=now, push_id=push_id, reason=reason[:1000])

    # ---- what staff say about it ----------------------------------------------------------

    class NoteAdded(Aggregate.Event):
        """A note by staff (or an integration): not a change of the order, so any status takes one."""

        text: NoteText

        def apply(self, order: Order) -> None:
            note = OrderNote(text=self.text, at=self.timestamp, actor=self.actor)
            order.notes = [*(order.notes or []), note]

    def add_note(self, text: str, actor: Actor | None, now: datetime) -> OrderNote:
        """``actor``: who writes it, so that the note shows its author before the event is saved
        (the store stamps the same actor on events that name none)."""
        self.trigger_event(self.NoteAdded, timestamp=now, text=text, actor=actor)
        assert self.notes
        return self.notes[-1]

    class ShippingAddressCorrected(Aggregate.Event):
        """Staff corrected where the order goes. Personal data: the new address (None once erased
        with the order's documents, which leaves the order without a shipping address)."""

        address: Address | None

        def apply(self, order: Order) -> None:
            if self.address is None:
                order.shipping_address, order.address_correction = None, None
                return
            if order.is_channel_order:
                reported = order.channel_content.shipping_address if order.channel_content else None
                before = order.address_correction
                replaced = reported if order.channel_content else (before.replaced if before else None)
                order.address_correction = AddressCorrection(address=self.address, replaced=replaced)
            order.shipping_address = self.address

    def correct_shipping_address(self, address: Address, now: datetime) -> bool:
        """Set the address the order ships to; False (nothing recorded) when it is that already.
        Refused once a parcel has left or the order is cancelled (``check_address_correction``)."""
        if (why := check_address_correction(self.status)) is not None:
            raise OrderChangeRefusedError(self.id, why)
        if address == self.shipping_address:
            return False
        self.trigger_event(self.ShippingAddressCorrected, timestamp=now, address=address)
        return True


CHANNEL_CONTENT_EVENTS: tuple[type[Aggregate.Event], ...] = (
    Order.ImportedFromChannel,
    Order.StatusSynced,
    Order.DetailsSynced,
)
"""The events whose ``order`` is the channel content an order last recorded."""


def _check_channel_total(order: ChannelOrder) -> None:
    if (why := total_problem(order.lines, order.shipping_cost, order.adjustments)) is not None:
        raise InvalidOrderError(f"channel order {order.external_id}: {why}")
