"""What an order is: its state, what is read from it, and how channel content enters it.

The events and commands that change it are in ``domain/order.py`` (``Order``, whose event topics are
stored with every event and so stay where they are).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any, ClassVar, Literal, NewType
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.address import Address
from domain.cancellation_request import CancellationRequest
from domain.channel_order import ChannelOrder
from domain.eventsourced import Aggregate
from domain.order_line import Adjustment, OrderLine, Tracking, order_total
from domain.order_note import AddressCorrection, OrderNote
from domain.pending_push import PendingPush
from domain.status import OrderStatus, overall

ORDER_NAMESPACE = uuid5(NAMESPACE_URL, "https://orderhub.dev/orders")

PlacedHere = Literal["immediate", "customer"]
"""An order placed here: typed in by staff (immediate, Sofortauftrag) or from a customer record."""
ChannelKind = NewType("ChannelKind", str)
"""The kind of channel an order was imported from (``ebay``, ``amazon``, ``jtl-shop``, a plug-in's)."""
SourceKind = PlacedHere | ChannelKind
"""How an order came in: ``Order.source_kind``."""

PAID_OR_BEYOND = frozenset({OrderStatus.PAID, OrderStatus.PARTIALLY_SHIPPED, OrderStatus.SHIPPED})


class OrderState(Aggregate):
    number: str
    customer_id: UUID
    source_kind: SourceKind
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
    channel_content: ChannelOrder | None
    """The channel content last recorded (personal data a later report left out kept): what the next
    report is compared with. None for orders placed here, and after a snapshot older than it."""
    cancel_reason: str | None
    cancellation_request: CancellationRequest | None
    push_refused: str | None
    """Why the channel did not take the last change sent to it (and what to do instead)."""
    pending_pushes: dict[str, PendingPush]
    receipt: str | None
    paid_at: datetime | None
    request_hash: str | None
    notes: list[OrderNote] | None
    """Oldest first; None on orders loaded from a snapshot taken before notes existed (none then)."""
    address_correction: AddressCorrection | None
    """The shipping address staff set on a channel order, while no newer channel address replaced it."""
    computed_state: ClassVar[dict[str, Any]] = {"channel_fingerprint": str | None}
    _fingerprint: str | None

    @property
    def channel_fingerprint(self) -> str | None:
        """The fingerprint of ``channel_content``, computed when first asked (an import would
        otherwise serialise every new order twice). Snapshots keep it: one taken before orders kept
        their channel content has only this to compare a report with."""
        if self._fingerprint is None and self.channel_content is not None:
            self._fingerprint = self.channel_content.fingerprint()
        return self._fingerprint

    @channel_fingerprint.setter
    def channel_fingerprint(self, value: str | None) -> None:
        self._fingerprint = value

    @staticmethod
    @lru_cache(maxsize=65536)  # asked for again by every sync that sees the order
    def channel_order_id(channel: str, external_id: str) -> UUID:
        """Deterministic: a second import of the same channel order collides instead of duplicating."""
        return uuid5(ORDER_NAMESPACE, f"{channel}\x1f{external_id}")

    @property
    def status(self) -> OrderStatus:
        return overall(self.channel_status, self.local_status)

    @property
    def total(self) -> Decimal:
        return order_total(self.lines, self.shipping_cost, self.adjustments)

    @property
    def is_channel_order(self) -> bool:
        return self.channel is not None

    def _init_common(self, number: str, customer_id: UUID, placed_at: datetime) -> None:
        self.number, self.customer_id, self.placed_at = number, customer_id, placed_at
        self.tracking, self.local_status, self.channel_status = [], None, None
        self.cancel_reason, self.pending_pushes = None, {}
        self.cancellation_request, self.push_refused = None, None
        self.channel_content, self._fingerprint = None, None
        self.receipt, self.paid_at, self.request_hash = None, None, None
        self.billing_address, self.shipping_address = None, None
        self.notes, self.address_correction = [], None

    def _take_channel_content(self, order: ChannelOrder, receipt: str | None) -> None:
        """``receipt``: what the channel needs to acknowledge the order, when it sent one."""
        if receipt is not None:
            self.receipt = receipt
        self.currency, self.lines = order.currency, list(order.lines)
        self.shipping_cost, self.adjustments = order.shipping_cost, list(order.adjustments)
        # Events recorded before the rule of domain/channel_content.py may lack addresses a channel
        # withheld; replayed, they keep the addresses taken in before.
        self.billing_address = order.billing_address or self.billing_address
        self.shipping_address = self._shipping_address_reported(order.shipping_address)
        self.note = order.note
        self.cancellation_request = order.cancellation_request  # the channel's latest word
        for parcel in order.tracking:
            if parcel not in self.tracking:
                self.tracking.append(parcel)
        self.channel_status, self.channel_content, self._fingerprint = order.status, order, None
        if self.paid_at is None and order.status in PAID_OR_BEYOND:
            self.paid_at = order.channel_updated_at or order.placed_at
        if order.status is OrderStatus.CANCELLED and self.cancel_reason is None:
            self.cancel_reason = "cancelled on the channel"

    def _shipping_address_reported(self, reported: Address | None) -> Address | None:
        """The address the order ships to once the channel reports ``reported``: a correction made
        here stands while the channel reports the address it replaced (or none); a different one
        is the buyer's newer word on the channel, and replaces the correction."""
        correction = self.address_correction
        if correction is not None:
            if reported is None or reported == correction.replaced:
                return correction.address
            self.address_correction = None
        return reported or self.shipping_address
