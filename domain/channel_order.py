"""An order as a channel reports it, normalised: what every channel adapter yields."""

from __future__ import annotations

import hashlib
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, ClassVar

from pydantic import (
    Field,
    SerializerFunctionWrapHandler,
    StringConstraints,
    field_validator,
    model_serializer,
)

from domain.address import Address
from domain.cancellation_request import CancellationRequest
from domain.eventsourced import Immutable
from domain.money import Currency, Price
from domain.order_line import Adjustment, OrderLine, Tracking, order_total
from domain.status import OrderStatus

ExternalId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class ChannelBuyer(Immutable):
    """Who bought, as the channel knows them. ``external_id`` is the channel's own buyer id."""

    external_id: ExternalId | None = None
    email: str | None = Field(default=None, max_length=320)
    name: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=50)
    company: str | None = Field(default=None, max_length=200)


class ChannelOrder(Immutable):
    external_id: ExternalId
    external_number: ExternalId | None = None
    """The number the channel shows the buyer (JTL-Shop's ``cBestellNr``, e.g. ``B01004``) where it
    differs from ``external_id``, the id orderhub keys the order by."""
    status: OrderStatus
    currency: Currency
    lines: list[OrderLine] = Field(default_factory=list, max_length=1000)
    shipping_cost: Price = Decimal("0.00")
    adjustments: list[Adjustment] = Field(default_factory=list, max_length=100)
    buyer: ChannelBuyer = ChannelBuyer()
    billing_address: Address | None = None
    shipping_address: Address | None = None
    tracking: list[Tracking] = Field(default_factory=list, max_length=100)
    placed_at: datetime
    channel_updated_at: datetime | None = None
    note: str | None = Field(default=None, max_length=5000)
    cancellation_request: CancellationRequest | None = None
    """Set while the channel reports that the buyer asked to cancel."""

    @model_serializer(mode="wrap")
    def _without_absent_fields(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """No request or number, no key: content stored before the field existed reads as the same
        content (intake compares stored JSON, fingerprints hash it), so upgrading records no change."""
        data: dict[str, Any] = handler(self)
        if self.cancellation_request is None:
            data.pop("cancellation_request", None)
        if self.external_number is None:
            data.pop("external_number", None)
        return data

    @field_validator("placed_at", "channel_updated_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("channel times must be timezone-aware")
        return value

    @property
    def total(self) -> Decimal:
        return order_total(self.lines, self.shipping_cost, self.adjustments)

    UNCOMPARED: ClassVar[frozenset[str]] = frozenset({"channel_updated_at"})
    """What does not count as a change of content: the channel's own timestamps."""

    def fingerprint(self) -> str:
        """Identifies the content a shopper would notice (all but ``UNCOMPARED``). Without
        ``external_number`` too: fingerprints kept in snapshots were taken before it existed."""
        content = self.model_dump_json(exclude={*self.UNCOMPARED, "external_number"})
        return hashlib.sha256(content.encode()).hexdigest()[:32]
