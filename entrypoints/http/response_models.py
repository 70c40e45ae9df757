"""What every endpoint answers, as models for the OpenAPI document (design/API.md names the fields).

The views (views.py) build plain dicts, which FastAPI sends as they are: validating each answer
against these models would cost the hottest reads more than reading the order. So the models are
documentation, and tests/integration/http/test_openapi.py checks real answers against them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from domain.actor import ActorKind
from domain.address import Address
from domain.channel import SyncSummary
from domain.customer import ChannelIdentity
from domain.order_line import Tracking
from domain.status import OrderStatus

Money = Field(description="an exact decimal string with two places", examples=["64.87"])


class View(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(View):
    kind: str = Field(description="immediate, customer, or the channel's kind (ebay, amazon, ...)")
    channel: str | None = Field(description="the channel's name; null for orders placed here")
    external_id: str | None = Field(description="the channel's order id; null for orders placed here")
    external_number: str | None = Field(
        description="the number the channel shows the buyer (JTL-Shop's order number, e.g. B01004), "
        "where the channel has one; null for orders placed here"
    )


class LineView(View):
    sku: str | None
    title: str
    quantity: int
    unit_price: str = Money
    tax_rate: str | None = Field(description="percent, e.g. '19'")
    total: str = Money


class AdjustmentView(View):
    kind: str = Field(description="discount, coupon, surcharge, fee or tax")
    title: str
    amount: str = Money


class OrderListItem(View):
    id: str
    number: str
    customer_id: str
    source: Source
    status: OrderStatus
    currency: str
    total: str = Money
    created_at: datetime
    updated_at: datetime
    version: int


class CancellationRequestView(View):
    requested_by: Literal["buyer", "channel"]
    reason: str | None


class ActorView(View):
    kind: ActorKind = Field(description="user (console), api_key, channel (its sync) or system")
    name: str = Field(
        description="the user's, API key's or channel's name; for the system what did it (scheduler, "
        "retention, orderhub); events stored before actors were recorded: 'before actors were recorded'"
    )


class NoteView(View):
    text: str
    at: datetime
    actor: ActorView = Field(description="who wrote it")


class OrderView(OrderListItem):
    """An order as GET /orders/{id} shows it: its list entry and everything else."""

    lines: list[LineView]
    shipping_cost: str = Money
    adjustments: list[AdjustmentView]
    billing_address: Address | None
    shipping_address: Address | None
    tracking: list[Tracking]
    note: str | None = Field(description="the note the order was placed with (or the channel's)")
    notes: list[NoteView] = Field(description="notes added since (POST /orders/{id}/notes), oldest first")
    cancel_reason: str | None
    pending_pushes: int = Field(description="status changes not yet confirmed by the channel")
    cancellation_request: CancellationRequestView | None = Field(
        description="set while the channel reports that the buyer asked to cancel: decide before shipping"
    )
    push_refused: str | None = Field(
        description="why the channel refused (or cannot take) our latest change, e.g. 'cancel it in Seller "
        "Central'; cleared when the channel confirms a change"
    )


class CustomerOfOrder(View):
    number: str | None
    name: str | None = Field(description="null once the customer was erased")


class OrderListEntry(OrderListItem):
    customer: CustomerOfOrder


class OrderPage(View):
    items: list[OrderListEntry]
    total: int = Field(description="how many orders match, over all pages")


class EventView(View):
    type: str = Field(description="the event's name: Created, ImportedFromChannel, StatusChanged, ...")
    version: int
    timestamp: datetime
    actor: ActorView = Field(description="who did it")
    data: dict[str, Any]


class CustomerView(View):
    id: str
    number: str
    name: str
    email: str | None
    phone: str | None
    company: str | None
    billing_address: Address | None
    shipping_address: Address | None
    channel_identities: list[ChannelIdentity]
    created_at: datetime
    version: int


class CustomerListItem(View):
    id: str
    number: str
    name: str
    email: str | None
    company: str | None
    city: str | None = Field(description="of the billing address (else the shipping address)")
    orders: int = Field(description="how many orders the customer has")
    created_at: datetime


class CustomerPage(View):
    items: list[CustomerListItem]
    total: int


class ChannelView(View):
    name: str
    kind: str
    settings: dict[str, Any] = Field(description="the kind's settings; secrets masked")
    sync_interval_seconds: int | None
    watermark: datetime | None
    last_sync: SyncSummary | None
    last_sync_at: datetime | None
    quarantined: int
    paused: bool = Field(description="true: not synced, on schedule or on request, until resumed")
    paused_at: datetime | None


class SyncLogEntry(SyncSummary):
    started_at: datetime
    finished_at: datetime


class ChannelDetail(ChannelView):
    sync_log: list[SyncLogEntry] = Field(description="the newest syncs, newest first")


class ChannelPage(View):
    items: list[ChannelView]
    total: int


class QuarantineItem(View):
    external_id: str
    reason: str
    first_seen: datetime
    last_seen: datetime
    attempts: int
    acknowledged: bool
    raw: Any = Field(description="what the channel sent")


class DismissedItem(View):
    external_id: str
    reason: str = Field(description="why staff dismissed it (who: the channel's QuarantineDismissed event)")
    dismissed_at: datetime


class QuarantinePage(View):
    items: list[QuarantineItem]
    total: int
    dismissed: list[DismissedItem] = Field(description="orders staff dismissed: not quarantined again")


class QuarantineRetryView(View):
    external_id: str
    outcome: Literal["imported", "quarantined", "not_returned", "channel_error"] = Field(
        description="imported: an order now, out of quarantine; quarantined: it still fails (reason); "
        "not_returned: the channel did not return it (one attempt more); channel_error: the channel "
        "could not be asked (reason), nothing changed"
    )
    how: Literal["fetched", "remapped"] | None = Field(
        description="fetched again by its id from the channel, or mapped again from the payload kept; "
        "null when the channel could not be opened"
    )
    reason: str | None
    attempts: int | None = Field(description="attempts so far while it stays in quarantine")


class ChannelKindView(View):
    name: str
    origin: str = Field(description="built-in, or the plug-in's distribution")
    pulls_by_time: bool
    settings_schema: dict[str, Any] = Field(description="the JSON schema of the kind's settings")


class KindFailure(View):
    name: str
    error: str


class ChannelKinds(View):
    items: list[ChannelKindView]
    failed: list[KindFailure] = Field(description="plug-ins that could not be loaded, and why")


class SalesRowView(View):
    key: str = Field(description="the channel, day or status; 'total' in totals")
    currency: str
    orders: int
    revenue: str = Money
    cancelled_orders: int
    cancelled_amount: str = Money
    pending_orders: int = Field(description="orders whose payment is not yet authorised: not revenue")
    pending_amount: str = Money


class SalesReportView(View):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    group_by: str
    from_: datetime | None = Field(alias="from")
    to: datetime | None
    items: list[SalesRowView]
    totals: list[SalesRowView] = Field(description="one row per currency over all groups")


class Health(View):
    status: str
    events: int = Field(description="the position of the newest event")


class Liveness(View):
    status: str = Field(description="'ok' while the process answers")


class Readiness(View):
    status: str = Field(description="'ready', or 'unavailable' (503) naming what is not")
    checks: dict[str, str] = Field(description="each part ('store', 'projections') and 'ok' or why not")
    detail: str | None = Field(default=None, description="the failing parts, on a 503")


class ProjectionStatus(View):
    name: str
    position: int
    head: int
    lag: int
    error: str | None
    updated_at: datetime | str | None
    rebuilding_since: datetime | str | None


class ProjectionList(View):
    items: list[ProjectionStatus]
