"""Sync one channel: pull changed orders, import or update them, push our changes back.

Every channel kind is driven the same way (ports/channels.py). A sync that cannot finish stops
cleanly: what it saved stays, its checkpoint lets the next sync resume, the watermark only moves
when a pull completed, and the error says why and what to do.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from application.acting import acting_as
from application.aggregate_store import AggregateStore
from application.channels import Channels
from application.errors import (
    ChannelPausedError,
    KeptCollidingError,
    QuarantinedOrderNotFoundError,
    QuarantineRetryUnsupportedError,
    SyncAlreadyRunningError,
)
from application.intake import ChannelIntake
from application.order_bounds import quarantine_unbounded
from application.outbox import Outbox
from application.sync_lease import LEASE_SECONDS, HeldLease
from application.unit_of_work import Decision, retrying
from domain.actor import Actor
from domain.channel import Channel, QuarantineEntry, SyncSummary
from ports.channels import (
    DEFAULT_LOOKBACK_DAYS,
    DEFAULT_OVERLAP_MINUTES,
    ChannelContext,
    ChannelError,
    ChannelLimits,
    ChannelSettings,
    FetchesOrders,
    OrderChannel,
    PulledPage,
    PullWindow,
    RemapsOrders,
    TimeWindowedSettings,
)
from ports.clock import Clock
from ports.leases import SyncLeases
from ports.secrets import SecretKeyError

log = logging.getLogger(__name__)

PARK_AFTER = 5
"""Failed syncs after which an order of an ack-based channel is acknowledged (parked) so that it
stops holding up the channel's queue; it stays in quarantine and is retried from its payload."""
Progress = Callable[[str, SyncSummary], None]
STOPPED = "stopped: orderhub is shutting down; the next sync resumes from the last saved page"


@dataclass(frozen=True)
class QuarantineRetry:
    """What retrying one quarantined order did."""

    external_id: str
    outcome: str
    """``imported`` (it is an order now, out of quarantine), ``quarantined`` (it still fails: see
    ``reason``), ``not_returned`` (the channel did not return it), ``channel_error`` (the channel
    could not be asked: see ``reason``; nothing recorded)."""
    how: str | None
    """``fetched`` (read again from the channel) or ``remapped`` (mapped again from the payload kept);
    None when the channel could not be opened."""
    reason: str | None
    attempts: int | None
    """Attempts so far while it stays in quarantine; None once imported."""


class _Stopped(Exception):
    """The process is stopping: end this sync after the page it saved last."""


class SyncChannel:
    def __init__(
        self,
        book: AggregateStore,
        channels: Channels,
        intake: ChannelIntake,
        outbox: Outbox,
        leases: SyncLeases,
        clock: Clock,
        sleep: Callable[[float], Any],
        limits: ChannelLimits | None = None,
        lease_seconds: float = LEASE_SECONDS,
    ) -> None:
        self._book, self._channels, self._intake, self._outbox = book, channels, intake, outbox
        self._lease_seconds = lease_seconds
        self._leases, self._clock, self._sleep = leases, clock, sleep
        self.limits = limits or ChannelLimits()
        """What each channel call may take (time, bytes, addresses): ``ORDERHUB_CHANNEL_*`` settings."""
        self._stopping = threading.Event()
        self._held: set[HeldLease] = set()
        self._held_lock = threading.Lock()

    def __call__(self, name: str, progress: Progress | None = None) -> SyncSummary:
        """Raises ``ChannelPausedError`` for a paused channel: paused means not synced at all, also
        when someone asks for it (resume it first), so that pausing is a promise about the channel."""
        channel = self._unpaused(name)
        # whoever started it, the channel's sync records it
        with self._holding(name), acting_as(Actor.channel(name)):
            return _Run(self, channel, progress or (lambda _stage, _s: None)).run()

    def retry_quarantined(self, name: str, external_id: str) -> QuarantineRetry:
        """Retry one quarantined order now: fetched again by its id where the kind can
        (``FetchesOrders``), else mapped again from the payload kept (``RemapsOrders``); imported
        when it now maps, else it stays with one attempt more. Recorded as the caller's doing."""
        channel = self._unpaused(name)
        entry = channel.quarantine.get(external_id)
        if entry is None:
            raise QuarantinedOrderNotFoundError(name, external_id)
        with self._holding(name):
            return _Run(self, channel, lambda _stage, _s: None).retry(entry)

    def _unpaused(self, name: str) -> Channel:
        channel = self._channels.get(name)
        if channel.paused:
            raise ChannelPausedError(name)
        return channel

    @contextmanager
    def _holding(self, name: str) -> Iterator[HeldLease]:
        lease = HeldLease(
            self._leases, self._clock, name, lifetime=self._lease_seconds, renew_every=self._lease_seconds / 3
        )
        if not lease.take():
            raise SyncAlreadyRunningError(name)
        with self._held_lock:
            self._held.add(lease)
        try:
            lease.start()
            yield lease
        finally:
            lease.release()
            with self._held_lock:
                self._held.discard(lease)

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def stop(self) -> None:
        """The process is stopping: running syncs end after their current page, new ones at once."""
        self._stopping.set()

    @property
    def busy(self) -> bool:
        """Whether a sync still runs in this process (also one whose lease was given up)."""
        with self._held_lock:
            return bool(self._held)

    def release_leases(self) -> None:
        """Give up the leases of syncs still running (a stopping process abandons them): other
        processes may sync those channels at once instead of when the leases lapse."""
        with self._held_lock:
            held = list(self._held)
        for lease in held:
            lease.release()

    def window_for(
        self, channel: Channel, settings: ChannelSettings, pulls_by_time: bool, now: datetime
    ) -> PullWindow:
        windowed = settings if isinstance(settings, TimeWindowedSettings) else None
        lookback = timedelta(days=windowed.initial_lookback_days if windowed else DEFAULT_LOOKBACK_DAYS)
        overlap = timedelta(minutes=windowed.overlap_minutes if windowed else DEFAULT_OVERLAP_MINUTES)
        if channel.watermark is None or not pulls_by_time:
            return PullWindow(start=now - lookback, end=now, first_sync=channel.watermark is None)
        return PullWindow(start=min(channel.watermark - overlap, now), end=now, first_sync=False)


class _Run:
    """The state of one sync run."""

    def __init__(self, sync: SyncChannel, channel: Channel, progress: Progress) -> None:
        self.sync, self.channel, self.progress = sync, channel, progress
        self.counts: dict[str, int] = dict.fromkeys(
            ("fetched", "imported", "updated", "unchanged", "quarantined", "pushed"), 0
        )
        self.error: str | None = None
        self.seen: set[str] = set()

    def summary(self, complete: bool) -> SyncSummary:
        return SyncSummary(**self.counts, complete=complete, error=self.error)

    def run(self) -> SyncSummary:
        sync, started = self.sync, self.sync._clock.now()
        try:
            kind, settings = sync._channels.settings(self.channel.name)
        except SecretKeyError as exc:  # the channel waits for its key; the other channels go on
            self.error = str(exc)
            log.warning("sync of %s cannot start: %s", self.channel.name, exc)
            self._record(started, False, self.channel.watermark)
            return self.summary(False)
        window = sync.window_for(self.channel, settings, kind.pulls_by_time, started)
        watermark, complete = self.channel.watermark, False
        context = ChannelContext(
            channel_name=self.channel.name, clock=sync._clock, sleep=sync._sleep, limits=sync.limits
        )
        remote: OrderChannel | None = None
        try:
            self._check_stopping()
            remote = kind.open(settings, context)
            last_watermark = self._pull(remote, window)
            complete = True
            watermark = (last_watermark or window.end) if kind.pulls_by_time else window.end
            self.counts["pushed"] += sync._outbox.deliver(self.channel.name, remote)
        except _Stopped:
            self.error = STOPPED
            log.warning("sync of %s stopped: the process is shutting down", self.channel.name)
        except (ChannelError, KeptCollidingError) as exc:  # the next sync picks up where this stopped
            self.error = str(exc)
            log.warning("sync of %s stopped: %s", self.channel.name, exc)
        except Exception as exc:  # a bug must not leave the channel without a record of the attempt
            self.error = f"internal error: {type(exc).__name__}: {exc}"
            log.exception("sync of %s failed", self.channel.name)
        finally:
            if remote is not None:
                try:
                    remote.close()
                except Exception:
                    log.exception("closing channel %s failed", self.channel.name)
        self._record(started, complete, watermark)
        return self.summary(complete)

    def _pull(self, remote: OrderChannel, window: PullWindow) -> datetime | None:
        last_watermark = None
        for page in remote.pull(window, self.channel.checkpoint):
            self._save_page(remote, page)
            last_watermark = page.watermark or last_watermark
            self.progress("pull", self.summary(False))
            self._check_stopping()
        self._retry_quarantine(remote)
        self._check_stopping()
        return last_watermark

    def _save_page(self, remote: OrderChannel, page: PulledPage) -> None:
        sync, now = self.sync, self.sync._clock.now()
        page = quarantine_unbounded(page)
        self.counts["fetched"] += len(page.orders) + len(page.failures)
        result = sync._intake.import_page(self.channel.name, self.channel.kind, page.orders, now)
        self.counts["imported"] += len(result.imported)
        self.counts["updated"] += len(result.updated)
        self.counts["unchanged"] += len(result.unchanged)
        recorded = set(result.recorded)
        self.seen |= recorded | {f.external_id for f in page.failures}
        receipts = [p.receipt for p in page.orders if p.receipt and p.order.external_id in recorded]
        if receipts:
            remote.acknowledge(receipts)
        self._update_channel(lambda ch: self._note_page(ch, page, recorded, now))
        self.counts["quarantined"] += sum(not self.channel.is_dismissed(f.external_id) for f in page.failures)
        self._park(remote, page, now)

    def _park(self, remote: OrderChannel, page: PulledPage, now: datetime) -> None:
        """Acknowledge the page's orders that have now failed ``PARK_AFTER`` syncs (ports/channels.py, 5)."""
        quarantine = self.channel.quarantine
        due = {
            f.external_id: f.receipt
            for f in page.failures
            if f.receipt
            and (entry := quarantine.get(f.external_id)) is not None
            and not entry.acknowledged
            and entry.attempts >= PARK_AFTER
        }
        dismissed = [
            f.receipt for f in page.failures if f.receipt and self.channel.is_dismissed(f.external_id)
        ]
        if dismissed:  # staff decided: it must not hold up the queue either
            remote.acknowledge(sorted(dismissed))
        if not due:
            return

        def record(channel: Channel) -> None:
            for external_id in due:
                channel.acknowledge_quarantined(external_id, now)

        self._update_channel(record)  # first: a lost acknowledgement only means a re-delivery
        remote.acknowledge(sorted(due.values()))
        log.warning(
            "channel %s: acknowledged %d order(s) that failed %d syncs so they stop holding up its "
            "queue; they stay in quarantine and are retried from their stored payload: %s",
            self.channel.name,
            len(due),
            PARK_AFTER,
            ", ".join(sorted(due)),
        )

    def _check_stopping(self) -> None:
        if self.sync.stopping:
            raise _Stopped

    def _note_page(self, channel: Channel, page: PulledPage, recorded: set[str], now: datetime) -> None:
        for failure in page.failures:
            if not channel.is_dismissed(failure.external_id):  # dismissed by staff: not again
                channel.quarantine_order(failure.external_id, failure.reason, _jsonable(failure.raw), now)
        for external_id in recorded:
            channel.release_from_quarantine(external_id, now)
        if page.checkpoint is not None:
            channel.save_checkpoint(page.checkpoint, now)

    def retry(self, entry: QuarantineEntry) -> QuarantineRetry:
        sync, external_id = self.sync, entry.external_id
        kind, settings = sync._channels.settings(self.channel.name)
        context = ChannelContext(
            channel_name=self.channel.name, clock=sync._clock, sleep=sync._sleep, limits=sync.limits
        )
        remote: OrderChannel | None = None
        how: str | None = None
        try:
            remote = kind.open(settings, context)
            if isinstance(remote, FetchesOrders):
                how, pages = "fetched", remote.fetch_orders([external_id])
            elif isinstance(remote, RemapsOrders):
                how, pages = "remapped", remote.remap_orders([(external_id, entry.raw)])
            else:
                raise QuarantineRetryUnsupportedError(self.channel.name, kind.name)
            for page in pages:
                self._save_page(remote, page)
        except ChannelError as exc:  # unreachable, bad credentials: nothing recorded, say why
            return QuarantineRetry(external_id, "channel_error", how, str(exc), entry.attempts)
        finally:
            if remote is not None:
                remote.close()
        if external_id not in self.seen:  # the channel no longer returns it: one attempt more
            self._update_channel(
                lambda ch: ch.quarantine_order(external_id, entry.reason, entry.raw, sync._clock.now())
            )
            return QuarantineRetry(external_id, "not_returned", how, entry.reason, entry.attempts + 1)
        still = self.channel.quarantine.get(external_id)
        if still is None:
            return QuarantineRetry(external_id, "imported", how, None, None)
        return QuarantineRetry(external_id, "quarantined", how, still.reason, still.attempts)

    def _retry_quarantine(self, remote: OrderChannel) -> None:
        entries = [e for e in self.channel.quarantine.values() if e.external_id not in self.seen]
        stuck = [e.external_id for e in entries if not e.acknowledged]
        if isinstance(remote, FetchesOrders) and stuck:
            for page in remote.fetch_orders(stuck):
                self._save_page(remote, page)
        parked = [(e.external_id, e.raw) for e in entries if e.acknowledged]
        if isinstance(remote, RemapsOrders) and parked:
            for page in remote.remap_orders(parked):
                self._save_page(remote, page)

    def _record(self, started: datetime, complete: bool, watermark: datetime | None) -> None:
        summary = self.summary(complete)
        self._update_channel(
            lambda ch: ch.record_sync(
                started_at=started, summary=summary, watermark=watermark, now=self.sync._clock.now()
            )
        )

    def _update_channel(self, change: Callable[[Channel], None]) -> None:
        """Apply ``change`` to the newest Channel state, again if an API call changed it meanwhile."""

        def decide() -> Decision[Channel]:
            channel = self.sync._channels.get(self.channel.name)
            change(channel)
            return channel, [channel]

        self.channel = retrying(self.sync._book, f"channel {self.channel.name} (during its sync)", decide)


def _jsonable(raw: Any) -> Any:
    """Raw payloads are kept for inspection; anything that is not JSON becomes its text."""
    import json

    try:
        json.dumps(raw)
        return raw
    except (TypeError, ValueError):
        return repr(raw)[:100_000]
