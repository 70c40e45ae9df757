"""The Order aggregate: every way an order enters ends here, with its status rules."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any, ClassVar, Literal
from uuid import NAMESPACE_URL, UUID, uuid5

from pydantic import Field

from domain.address import Address
from domain.channel_order import ChannelOrder
from domain.errors import IllegalStatusChangeError, InvalidOrderError
from domain.eventsourced import Aggregate, Immutable
from domain.money import Currency, Price
from domain.order_line import Adjustment, OrderLine, Tracking, order_total
from domain.order_rules import new_order_problem, total_problem
from domain.status import OrderStatus, check_change, check_shipment, overall

ORDER_NAMESPACE = uuid5(NAMESPACE_URL, "https://orderhub.dev/orders")

SourceKind = Literal["immediate", "customer"]
PAID_OR_BEYOND = frozenset({OrderStatus.PAID, OrderStatus.PARTIALLY_SHIPPED, OrderStatus.SHIPPED})


class PendingPush(Immutable):
    """A change made here that its channel has not yet confirmed (the outbox entry)."""

    push_id: str
    status: OrderStatus
    tracking: Tracking | None = None
    reason: str | None = None
    parcel: list[OrderLine] | None = None
    queued_at: datetime


class Order(Aggregate):
    number: str
    customer_id: UUID
    source_kind: str
    channel: str | None
    external_id: str | None
    currency: str
    lines: list[OrderLine]
    shipping_cost: Decimal
    adjustments: list[Adjustment]
    billing_address: Address | None
    shipping_address: Address | None
    note: str | None
    tracking: list[Tracking]
    placed_at: datetime
    local_status: OrderStatus | None
    channel_status: OrderStatus | None
    cancel_reason: str | None
    pending_pushes: dict[str, PendingPush]
    receipt: str | None
    paid_at: datetime | None
    request_hash: str | None
    computed_state: ClassVar[dict[str, Any]] = {"channel_fingerprint": str | None}
    _fingerprint: str | None
    _fingerprint_of: ChannelOrder | None

    def __init__(self) -> None:
        """Attributes are set by the created event's ``apply``."""

    @property
    def channel_fingerprint(self) -> str | None:
        """The fingerprint of the channel content last taken in, computed when first asked: an
        import would otherwise serialise every new order twice, and most are not compared again
        before they are next loaded."""
        if self._fingerprint is None and self._fingerprint_of is not None:
            self._fingerprint = self._fingerprint_of.fingerprint()
        return self._fingerprint

    @channel_fingerprint.setter
    def channel_fingerprint(self, value: str | None) -> None:
        self._fingerprint, self._fingerprint_of = value, None

    @staticmethod
    @lru_cache(maxsize=65536)  # asked for again by every sync that sees the order
    def channel_order_id(channel: str, external_id: str) -> UUID:
        """Deterministic: a second import of the same channel order collides instead of duplicating."""
        return uuid5(ORDER_NAMESPACE, f"{channel}\x1f{external_id}")

    # ---- creation -------------------------------------------------------------------------

    class Created(Aggregate.Created):
        number: str
        customer_id: UUID
        source_kind: SourceKind
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
        channel_kind: str
        order: ChannelOrder
        receipt: str | None = None

        def apply(self, order: Order) -> None:
            order._init_common(self.number, self.customer_id, self.order.placed_at)
            order.receipt = self.receipt
            order.source_kind, order.channel = self.channel_kind, self.channel
            order.external_id = self.order.external_id
            order._take_channel_content(self.order)

    @classmethod
    def place(
        cls,
        *,
        order_id: UUID,
        number: str,
        customer_id: UUID,
        source_kind: SourceKind,
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
            channel_kind=channel_kind,
            order=order,
            receipt=receipt,
        )

    def _init_common(self, number: str, customer_id: UUID, placed_at: datetime) -> None:
        self.number, self.customer_id, self.placed_at = number, customer_id, placed_at
        self.tracking, self.local_status, self.channel_status = [], None, None
        self.cancel_reason, self.channel_fingerprint, self.pending_pushes = None, None, {}
        self.receipt, self.paid_at, self.request_hash = None, None, None
        self.billing_address, self.shipping_address = None, None

    def _take_channel_content(self, order: ChannelOrder) -> None:
        self.currency, self.lines = order.currency, list(order.lines)
        self.shipping_cost, self.adjustments = order.shipping_cost, list(order.adjustments)
        # Channels withhold personal data of older orders (eBay: addresses after 90 days); what a
        # channel no longer sends is kept, not blanked.
        self.billing_address = order.billing_address or self.billing_address
        self.shipping_address = order.shipping_address or self.shipping_address
        self.note = order.note
        for parcel in order.tracking:
            if parcel not in self.tracking:
                self.tracking.append(parcel)
        self.channel_status, self._fingerprint, self._fingerprint_of = order.status, None, order
        if self.paid_at is None and order.status in PAID_OR_BEYOND:
            self.paid_at = order.channel_updated_at or order.placed_at
        if order.status is OrderStatus.CANCELLED and self.cancel_reason is None:
            self.cancel_reason = "cancelled on the channel"

    # ---- reading --------------------------------------------------------------------------

    @property
    def status(self) -> OrderStatus:
        return overall(self.channel_status, self.local_status)

    @property
    def total(self) -> Decimal:
        return order_total(self.lines, self.shipping_cost, self.adjustments)

    @property
    def is_channel_order(self) -> bool:
        return self.channel is not None

    # ---- channel sync ---------------------------------------------------------------------

    class StatusSynced(Aggregate.Event):
        previous_status: OrderStatus | None
        order: ChannelOrder
        receipt: str | None = None

        def apply(self, order: Order) -> None:
            order._take_channel_content(self.order)
            if self.receipt is not None:
                order.receipt = self.receipt

    def sync_from_channel(self, reported: ChannelOrder, receipt: str | None, now: datetime) -> bool:
        """Record what the channel reports; returns False (and records nothing) when nothing changed."""
        if reported.fingerprint() == self.channel_fingerprint:
            return False
        _check_channel_total(reported)
        self.trigger_event(
            self.StatusSynced,
            timestamp=now,
            previous_status=self.channel_status,
            order=reported,
            receipt=receipt,
        )
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
        parcel_lines = self._parcel_lines(status, parcel) if parcel else None
        push_id = f"v{self.version + 1}" if self.is_channel_order else None
        self.trigger_event(
            self.StatusChanged,
            timestamp=now,
            status=status,
            previous_status=self.status,
            tracking=tracking,
            reason=reason.strip() if reason else None,
            push_id=push_id,
            parcel=parcel_lines,
        )

    def _parcel_lines(self, status: OrderStatus, parcel: list[tuple[int, int]]) -> list[OrderLine]:
        if status not in (OrderStatus.PARTIALLY_SHIPPED, OrderStatus.SHIPPED):
            raise InvalidOrderError("lines: only a shipment names the lines it contains")
        shipped: dict[int, int] = {}
        for index, quantity in parcel:
            if not 0 <= index < len(self.lines):
                raise InvalidOrderError(f"lines: the order has no line {index} (it has {len(self.lines)})")
            shipped[index] = shipped.get(index, 0) + quantity
            if quantity <= 0 or shipped[index] > self.lines[index].quantity:
                raise InvalidOrderError(
                    f"lines: line {index} has quantity {self.lines[index].quantity}, cannot ship {shipped[index]}"
                )
        return [self.lines[i].model_copy(update={"quantity": q}) for i, q in shipped.items()]

    class StatusPushed(Aggregate.Event):
        push_id: str
        status: OrderStatus
        channel_reference: str | None = None

        def apply(self, order: Order) -> None:
            order.pending_pushes.pop(self.push_id, None)

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

    def reject_push(self, push_id: str, reason: str, now: datetime) -> None:
        if push_id in self.pending_pushes:
            self.trigger_event(self.PushRejected, timestamp=now, push_id=push_id, reason=reason[:1000])


def _check_channel_total(order: ChannelOrder) -> None:
    if (why := total_problem(order.lines, order.shipping_cost, order.adjustments)) is not None:
        raise InvalidOrderError(f"channel order {order.external_id}: {why}")
