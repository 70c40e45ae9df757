"""The order-channel port: what every channel adapter (built-in or plug-in) implements.

One sync use case drives every channel the same way:

1. ``pull(window, checkpoint)`` yields pages of normalised orders changed in the window;
   each page also lists the orders that could not be parsed or mapped (they go to quarantine).
2. The use case imports or updates every order of a page in few transactions, then calls
   ``acknowledge`` with the page's receipts (protocols that re-deliver until acknowledged:
   JTL-Shop, JTL-Connector) and stores the page's ``checkpoint`` so an interrupted sync resumes.
3. ``push`` delivers one queued status change made here; a confirmed push is never sent again.
4. Optional capabilities, each a protocol of its own that a channel implements or not (the sync
   checks ``isinstance``): ``FetchesOrders`` re-reads quarantined orders the pull did not bring
   again (channels that re-deliver unacknowledged orders by themselves need not offer it);
   ``RemapsOrders`` retries parked orders from their stored payload (see 5).
5. Ack-based channels that set ``PullFailure.receipt``: an order that failed ``PARK_AFTER`` syncs
   (application/sync.py) is acknowledged so it stops holding up the channel's queue (a shop that
   serves the oldest 100 unfetched orders would otherwise serve the same 100 broken ones forever),
   and is retried from its stored payload by ``RemapsOrders.remap_orders(entries)``.

Settings: every kind's ``settings_model`` derives from ``ChannelSettings``; a kind that pulls by
time (``pulls_by_time``) from ``TimeWindowedSettings``, whose two fields the sync reads to build
the ``PullWindow``.

Errors: raise ``RetryableChannelError`` (timeouts, 5xx, 429 after backing off, budget spent)
or ``PermanentChannelError`` (bad credentials, bad configuration: say what to do). A failure of
one order is never an exception: it is a ``PullFailure`` in its page.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

from domain.channel_order import ChannelOrder
from domain.order_line import OrderLine, Tracking
from domain.status import OrderStatus


class ChannelError(Exception):
    """Base of the errors a channel adapter raises."""


class RetryableChannelError(ChannelError):
    """Try again later: the channel is unreachable, slow, overloaded or rate-limited."""


class PermanentChannelError(ChannelError):
    """Retrying will not help until someone acts (credentials, settings); the message says what to do."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)


class ChannelSettings(BaseModel):
    """Base of every kind's settings model: unknown fields are refused, so a misspelt setting is an
    error instead of a silent default. Secrets are ``SecretStr`` fields with
    ``Field(json_schema_extra={"secret": True})``: masked in every answer, never in the event log."""

    model_config = ConfigDict(extra="forbid")


DEFAULT_OVERLAP_MINUTES = 5
DEFAULT_LOOKBACK_DAYS = 30
"""What a first sync reaches back over for kinds without ``TimeWindowedSettings`` (the window
they are handed; ack-based protocols mostly ignore it)."""


class TimeWindowedSettings(ChannelSettings):
    """Settings of a kind that pulls by time: the sync asks for what changed since the last
    watermark minus ``overlap_minutes``, and on the first sync for the last ``initial_lookback_days``."""

    overlap_minutes: int = Field(
        DEFAULT_OVERLAP_MINUTES,
        ge=0,
        le=10080,
        description="How far each pull reaches back past the last one (catches late-indexed changes).",
    )
    initial_lookback_days: int = Field(
        DEFAULT_LOOKBACK_DAYS, ge=1, le=730, description="How far the first sync looks back."
    )


class PullWindow(_Frozen):
    """Changes to fetch: ``start`` already reaches back ``overlap_minutes`` past the watermark."""

    start: datetime
    end: datetime
    first_sync: bool


class PullFailure(_Frozen):
    """An order the adapter saw but could not parse or map: kept in quarantine with its payload."""

    external_id: str
    reason: str
    raw: Any = None
    receipt: str | None = None
    """For ack-based channels: what ``acknowledge`` needs to stop the channel re-delivering it. An
    order that keeps failing is then acknowledged (parked) so that it cannot block the channel's
    queue, and retried from ``raw`` through the channel's optional ``remap_orders``."""


class PulledOrder(_Frozen):
    order: ChannelOrder
    receipt: str | None = None
    """What ``acknowledge`` needs to mark this order fetched (e.g. kBestellung); None if nothing."""
    raw: Any = None


class PulledPage(_Frozen):
    orders: list[PulledOrder] = Field(default_factory=list)
    failures: list[PullFailure] = Field(default_factory=list)
    checkpoint: dict[str, Any] | None = None
    """Opaque adapter state to resume from after this page (stored once the page is saved)."""
    watermark: datetime | None = None
    """The window end the channel confirmed (e.g. Amazon's LastUpdatedBefore); None: keep ``window.end``."""


class StatusPush(_Frozen):
    """One change made here, to deliver to the channel that owns the order."""

    push_id: str
    order_id: str
    external_id: str
    status: OrderStatus
    tracking: Tracking | None = None
    reason: str | None = None
    lines: list[OrderLine] = Field(default_factory=list)
    receipt: str | None = None
    paid_at: datetime | None = None
    """When the order was paid, as far as orderhub knows (None: not known to be paid)."""


class PushOutcome(_Frozen):
    delivered: bool
    """True: the channel accepted it. False: refused for good (``detail`` says why); never retried."""
    reference: str | None = None
    detail: str | None = None


@runtime_checkable
class OrderChannel(Protocol):
    """A configured connection to one channel (one instance per sync)."""

    def pull(self, window: PullWindow, checkpoint: Mapping[str, Any] | None) -> Iterator[PulledPage]: ...

    def acknowledge(self, receipts: list[str]) -> None: ...

    def push(self, change: StatusPush) -> PushOutcome: ...

    def close(self) -> None: ...


@runtime_checkable
class FetchesOrders(Protocol):
    """Capability: re-read orders by their ids (quarantined ones the pull did not bring again)."""

    def fetch_orders(self, external_ids: list[str]) -> Iterator[PulledPage]: ...


@runtime_checkable
class RemapsOrders(Protocol):
    """Capability: map stored ``(external_id, raw)`` payloads as ``pull`` would (parked orders)."""

    def remap_orders(self, entries: list[tuple[str, Any]]) -> Iterator[PulledPage]: ...


CAPABILITIES: dict[str, type] = {"fetch_orders": FetchesOrders, "remap_orders": RemapsOrders}
"""The optional capabilities by method name."""


class ChannelLimits(_Frozen):
    """What one channel call may take (README, settings ``ORDERHUB_CHANNEL_*``): time, bytes, addresses.

    A channel is a remote party orderhub does not control: an answer that drips, never ends, inflates
    to gigabytes or comes from an internal service must fail the sync, not the server.
    """

    call_deadline_seconds: float = Field(60.0, gt=0)
    """One HTTP call from connecting to its last byte, whatever each read's timeout allows."""
    max_response_bytes: int = Field(50 * 1024 * 1024, gt=0)
    """What one answer may hold, after inflating gzip and zip containers."""
    allow_private_addresses: bool = True
    """Loopback and private ranges (a shop in the office network, the simulators of ``orderhub demo``)."""
    allow_link_local: bool = False
    """Link-local and cloud metadata addresses (169.254.0.0/16, fe80::/10, metadata host names)."""


class ChannelContext(_Frozen):
    """What the product hands an adapter besides its settings."""

    channel_name: str
    clock: Any
    """A ``ports.clock.Clock``."""
    sleep: Any
    """``sleep(seconds)``: how adapters wait between retries (tests pass a fake)."""
    timeout_seconds: float = 30.0
    limits: ChannelLimits = Field(default_factory=ChannelLimits)


class ChannelKind(Protocol):
    """A kind of channel (``ebay``, ``amazon``, a plug-in's kind): validates settings, opens channels."""

    name: str
    settings_model: type[ChannelSettings]
    """Pydantic model of the settings; fields marked ``json_schema_extra={"secret": True}`` are masked."""
    pulls_by_time: bool
    """True when the protocol pulls by a time window (watermark + overlap): then ``settings_model``
    derives from ``TimeWindowedSettings``. False for ack-based ones."""

    def open(self, settings: ChannelSettings, context: ChannelContext) -> OrderChannel: ...
