"""The Channel aggregate: a configured order source, its sync history, watermark and quarantine.

Settings with secrets are not kept here (the event log must never hold a secret in clear):
``Registered`` carries the masked settings only; the real ones live in the settings store.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from pydantic import Field

from domain.eventsourced import Aggregate, Immutable

CHANNEL_NAMESPACE = uuid5(NAMESPACE_URL, "https://orderhub.dev/channels")


class SyncSummary(Immutable):
    fetched: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0
    pushed: int = 0
    complete: bool = True
    error: str | None = None


class QuarantineEntry(Immutable):
    external_id: str
    reason: str
    raw: Any = None
    first_seen: datetime
    last_seen: datetime
    attempts: int = 1
    acknowledged: bool = False
    """Acknowledged to an ack-based channel after failing ``PARK_AFTER`` times, so that it stops
    blocking the channel's queue: no longer re-delivered, retried from ``raw`` instead."""


class DismissedEntry(Immutable):
    """A quarantined order that staff decided not to import: a sync does not quarantine it again."""

    external_id: str
    reason: str
    dismissed_at: datetime


class Channel(Aggregate):
    name: str
    kind: str
    public_settings: dict[str, Any]
    sync_interval_seconds: int | None
    watermark: datetime | None
    checkpoint: dict[str, Any] | None
    last_sync: SyncSummary | None
    last_sync_at: datetime | None
    quarantine: dict[str, QuarantineEntry]
    paused_at: datetime | None
    """Since when no sync runs (scheduled or asked for); None: not paused."""
    removed_at: datetime | None
    """Removed (DELETE /channels/{name}): its orders stay; the name may be registered again."""
    dismissed: dict[str, DismissedEntry] | None
    """Quarantined orders staff dismissed (by external id); None on channels loaded from a
    snapshot taken before dismissing existed."""

    def __init__(self) -> None:
        """Attributes are set by the created event's ``apply``."""

    @staticmethod
    def id_for(name: str) -> UUID:
        return uuid5(CHANNEL_NAMESPACE, name)

    class Registered(Aggregate.Created):
        name: str
        kind: str
        public_settings: dict[str, Any]
        sync_interval_seconds: int | None = Field(default=None, ge=1)

        def apply(self, channel: Channel) -> None:
            channel.name, channel.kind = self.name, self.kind
            channel.public_settings = dict(self.public_settings)
            channel.sync_interval_seconds = self.sync_interval_seconds
            channel.watermark, channel.checkpoint = None, None
            channel.last_sync, channel.last_sync_at, channel.quarantine = None, None, {}
            channel.paused_at, channel.removed_at, channel.dismissed = None, None, {}

    @classmethod
    def register(
        cls,
        *,
        name: str,
        kind: str,
        public_settings: dict[str, Any],
        sync_interval_seconds: int | None,
        now: datetime,
    ) -> Channel:
        return cls._create(
            cls.Registered,
            id=cls.id_for(name),
            timestamp=now,
            name=name,
            kind=kind,
            public_settings=public_settings,
            sync_interval_seconds=sync_interval_seconds,
        )

    class CheckpointSaved(Aggregate.Event):
        """A page was saved; an interrupted sync resumes after it."""

        checkpoint: dict[str, Any] | None

        def apply(self, channel: Channel) -> None:
            channel.checkpoint = self.checkpoint

    def save_checkpoint(self, checkpoint: dict[str, Any] | None, now: datetime) -> None:
        if checkpoint != self.checkpoint:
            self.trigger_event(self.CheckpointSaved, timestamp=now, checkpoint=checkpoint)

    class OrderQuarantined(Aggregate.Event):
        external_id: str
        reason: str
        raw: Any = None

        def apply(self, channel: Channel) -> None:
            known = channel.quarantine.get(self.external_id)
            channel.quarantine[self.external_id] = QuarantineEntry(
                external_id=self.external_id,
                reason=self.reason,
                raw=self.raw,
                first_seen=known.first_seen if known else self.timestamp,
                last_seen=self.timestamp,
                attempts=known.attempts + 1 if known else 1,
                acknowledged=known.acknowledged if known else False,
            )

    def quarantine_order(self, external_id: str, reason: str, raw: Any, now: datetime) -> None:
        self.trigger_event(
            self.OrderQuarantined, timestamp=now, external_id=external_id, reason=reason[:2000], raw=raw
        )

    class QuarantinedOrderAcknowledged(Aggregate.Event):
        """Recorded before the channel is told: an acknowledgement that is lost leaves the order
        re-delivered, which is harmless; one not recorded would leave it retried by nobody."""

        external_id: str

        def apply(self, channel: Channel) -> None:
            known = channel.quarantine.get(self.external_id)
            if known is not None:
                channel.quarantine[self.external_id] = known.model_copy(update={"acknowledged": True})

    def acknowledge_quarantined(self, external_id: str, now: datetime) -> bool:
        known = self.quarantine.get(external_id)
        if known is None or known.acknowledged:
            return False
        self.trigger_event(self.QuarantinedOrderAcknowledged, timestamp=now, external_id=external_id)
        return True

    class QuarantineReleased(Aggregate.Event):
        """The order imported cleanly at a later attempt."""

        external_id: str

        def apply(self, channel: Channel) -> None:
            channel.quarantine.pop(self.external_id, None)

    def release_from_quarantine(self, external_id: str, now: datetime) -> None:
        if external_id in self.quarantine:
            self.trigger_event(self.QuarantineReleased, timestamp=now, external_id=external_id)

    class Synced(Aggregate.Event):
        """One sync ended (complete or stopped early); the sync log is built from these."""

        started_at: datetime
        summary: SyncSummary
        watermark: datetime | None

        def apply(self, channel: Channel) -> None:
            channel.last_sync, channel.last_sync_at = self.summary, self.timestamp
            channel.watermark = self.watermark
            if self.summary.complete:
                channel.checkpoint = None

    def record_sync(
        self, *, started_at: datetime, summary: SyncSummary, watermark: datetime | None, now: datetime
    ) -> None:
        self.trigger_event(
            self.Synced, timestamp=now, started_at=started_at, summary=summary, watermark=watermark
        )

    class ScheduleChanged(Aggregate.Event):
        sync_interval_seconds: int | None = Field(default=None, ge=1)

        def apply(self, channel: Channel) -> None:
            channel.sync_interval_seconds = self.sync_interval_seconds

    def change_schedule(self, sync_interval_seconds: int | None, now: datetime) -> None:
        if sync_interval_seconds != self.sync_interval_seconds:
            self.trigger_event(
                self.ScheduleChanged, timestamp=now, sync_interval_seconds=sync_interval_seconds
            )

    class SettingsChanged(Aggregate.Event):
        """New settings (masked: secrets never reach the event log)."""

        public_settings: dict[str, Any]

        def apply(self, channel: Channel) -> None:
            channel.public_settings = dict(self.public_settings)

    def change_settings(self, public_settings: dict[str, Any], now: datetime) -> None:
        if public_settings != self.public_settings:
            self.trigger_event(self.SettingsChanged, timestamp=now, public_settings=public_settings)

    # ---- pausing, removing ----------------------------------------------------------------

    class Paused(Aggregate.Event):
        def apply(self, channel: Channel) -> None:
            channel.paused_at = self.timestamp

    class Resumed(Aggregate.Event):
        def apply(self, channel: Channel) -> None:
            channel.paused_at = None

    @property
    def paused(self) -> bool:
        return self.paused_at is not None

    def pause(self, now: datetime) -> bool:
        """No sync runs while paused; pausing a paused channel records nothing."""
        if self.paused:
            return False
        self.trigger_event(self.Paused, timestamp=now)
        return True

    def resume(self, now: datetime) -> bool:
        if not self.paused:
            return False
        self.trigger_event(self.Resumed, timestamp=now)
        return True

    class Removed(Aggregate.Event):
        """The channel is gone: its watermark, checkpoint and quarantine with it (its orders stay)."""

        def apply(self, channel: Channel) -> None:
            channel.removed_at = self.timestamp
            channel.watermark, channel.checkpoint, channel.quarantine = None, None, {}
            channel.paused_at, channel.dismissed = None, {}

    @property
    def removed(self) -> bool:
        return self.removed_at is not None

    def remove(self, now: datetime) -> None:
        if not self.removed:
            self.trigger_event(self.Removed, timestamp=now)

    class RegisteredAgain(Aggregate.Event):
        """A new channel took the name of a removed one: it starts afresh (no watermark, no
        quarantine, no sync history of its own yet), like ``Registered``."""

        kind: str
        public_settings: dict[str, Any]
        sync_interval_seconds: int | None = Field(default=None, ge=1)

        def apply(self, channel: Channel) -> None:
            channel.kind, channel.public_settings = self.kind, dict(self.public_settings)
            channel.sync_interval_seconds = self.sync_interval_seconds
            channel.watermark, channel.checkpoint, channel.quarantine = None, None, {}
            channel.last_sync, channel.last_sync_at = None, None
            channel.paused_at, channel.removed_at, channel.dismissed = None, None, {}

    def register_again(
        self, *, kind: str, public_settings: dict[str, Any], sync_interval_seconds: int | None, now: datetime
    ) -> None:
        assert self.removed, "only a removed channel's name is free"
        self.trigger_event(
            self.RegisteredAgain,
            timestamp=now,
            kind=kind,
            public_settings=public_settings,
            sync_interval_seconds=sync_interval_seconds,
        )

    # ---- quarantine decided by staff ------------------------------------------------------

    class QuarantineDismissed(Aggregate.Event):
        """Staff decided not to import this order (who: the event's actor; why: ``reason``)."""

        external_id: str
        reason: str

        def apply(self, channel: Channel) -> None:
            channel.quarantine.pop(self.external_id, None)
            channel.dismissed = {
                **(channel.dismissed or {}),
                self.external_id: DismissedEntry(
                    external_id=self.external_id, reason=self.reason, dismissed_at=self.timestamp
                ),
            }

    def dismiss_quarantined(self, external_id: str, reason: str, now: datetime) -> bool:
        """False when the order is not in quarantine (nothing recorded)."""
        if external_id not in self.quarantine:
            return False
        self.trigger_event(self.QuarantineDismissed, timestamp=now, external_id=external_id, reason=reason)
        return True

    def is_dismissed(self, external_id: str) -> bool:
        return external_id in (self.dismissed or {})
