"""Marketplace account deletion notifications: what a channel kind offers to receive them, and the
record of the ones received, so that none is acted on twice and none is lost.

A marketplace (eBay) tells every application when one of its users closed their account; the
application must then erase that user's personal data. The kind's adapter knows the wire protocol
(the endpoint check, the signature, where the signing keys come from); the application decides
what to do with a notification once the adapter vouches for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol, runtime_checkable

from ports.channels import ChannelContext, ChannelSettings


@dataclass(frozen=True)
class AccountDeletionNotice:
    """A verified notification: the marketplace's id of it and the user it names."""

    notification_id: str
    username: str | None
    user_id: str | None


class AccountDeletionError(Exception):
    """A notification that is not acted on; the message says why (it never echoes personal data)."""


class UnverifiedNotificationError(AccountDeletionError):
    """Unsigned, malformed signature, unknown key, or a signature that does not verify (eBay: 412)."""


class NotANotificationError(AccountDeletionError, ValueError):
    """The body is not JSON or not an account deletion notification."""


class VerificationUnavailableError(AccountDeletionError):
    """The marketplace's key service could not be reached: the sender should try again later."""

    def __init__(self, message: str, retry_after_seconds: int = 60) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class AccountDeletionEndpoint(Protocol):
    """One channel's endpoint, opened with its settings."""

    def challenge_response(self, challenge_code: str) -> str:
        """The answer to the marketplace's check that the endpoint belongs to this application."""
        ...

    def verified_notice(self, body: bytes, signature: str | None) -> AccountDeletionNotice:
        """The notification in ``body`` if ``signature`` proves the marketplace sent it; raises
        ``UnverifiedNotificationError``, ``NotANotificationError`` or ``VerificationUnavailableError``."""
        ...

    def close(self) -> None: ...


@runtime_checkable
class ReceivesAccountDeletions(Protocol):
    """A channel kind whose marketplace sends account deletion notifications."""

    def account_deletion(
        self, settings: ChannelSettings, context: ChannelContext
    ) -> AccountDeletionEndpoint | None:
        """The endpoint of a channel with these settings; None when they do not configure one."""
        ...


class DeletionState(StrEnum):
    PENDING = "pending"
    """Received and verified, not yet acted on (the customer still has an open order, or the
    process stopped in between): tried again until it is done."""
    ERASED = "erased"
    """The customer linked to the user was erased."""
    UNKNOWN_USER = "unknown_user"
    """No customer is linked to the user: nothing to erase."""


@dataclass(frozen=True)
class PendingDeletion:
    channel: str
    notification_id: str
    username: str | None
    user_id: str | None
    attempts: int
    last_error: str | None


class AccountDeletionLog(Protocol):
    """Every notification received, by (channel, notification id). The user a pending one names is
    kept only while it is pending: once acted on, only the id, the state and the times remain."""

    def record(self, channel: str, notice: AccountDeletionNotice, now: datetime) -> bool:
        """Keep ``notice`` as pending; False (and nothing changes) if it was received before."""
        ...

    def settle(self, channel: str, notification_id: str, state: DeletionState, now: datetime) -> None:
        """Mark it acted on, forgetting the user it named."""
        ...

    def postpone(self, channel: str, notification_id: str, reason: str, now: datetime) -> None:
        """It stays pending: count the attempt and keep why it failed."""
        ...

    def pending(self, channel: str | None = None) -> list[PendingDeletion]:
        """The notifications not yet acted on, oldest first."""
        ...

    def state(self, channel: str, notification_id: str) -> DeletionState | None: ...
