"""Marketplace account deletion (eBay): a verified notification erases the customer linked to that
marketplace user, once, and is never lost.

The kind's adapter verifies the notification (ports/account_deletion.py); this use case decides:
an unknown user is acknowledged and nothing happens; a known one is erased through the erasure use
case, as the channel (the actor of the events); a notification id received before does nothing
again. Every verified notification is recorded (``AccountDeletionLog``) before anything is done,
so one whose erasure cannot happen yet (an order still open, the process stopped) stays pending and
``retry_pending`` does it later, while eBay has its 204 and does not send it again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

from application.acting import acting_as
from application.channels import Channels
from application.customer_matching import CustomerMatcher
from domain.actor import Actor
from domain.customer import ChannelIdentity
from domain.errors import DomainError, NotFoundError
from ports.account_deletion import (
    AccountDeletionEndpoint,
    AccountDeletionLog,
    DeletionState,
    ReceivesAccountDeletions,
)
from ports.channels import ChannelContext, ChannelLimits
from ports.clock import Clock

log = logging.getLogger(__name__)

REASON = "eBay Marketplace Account Deletion notification"
"""The reason the erasure records: why, never what (the notification's user is not repeated)."""


class AccountDeletionNotConfiguredError(NotFoundError):
    """The channel has no account deletion endpoint: not an eBay channel, or its settings lack one."""

    def __init__(self, name: str) -> None:
        super().__init__("account deletion endpoint of channel", name)
        self.args = (
            f"channel {name!r} has no account deletion endpoint (an eBay channel with"
            " deletion_verification_token and deletion_endpoint_url has one)",
        )


class ErasesCustomers(Protocol):
    """The erasure use case (application/erasure.py): raises ``NotFoundError`` for an unknown
    customer and another ``DomainError`` when it cannot erase yet (an order still open)."""

    def erase(self, customer_id: UUID, reason: str) -> object: ...


class FindsChannelCustomers(Protocol):
    def find_by_channel_identity(self, channel: str, external_id: str) -> UUID | None: ...


class ChannelBuyers:
    """The customer a channel buyer id belongs to now (customer_matching; None once erased)."""

    def __init__(self, matcher: CustomerMatcher) -> None:
        self._matcher = matcher

    def find_by_channel_identity(self, channel: str, external_id: str) -> UUID | None:
        return self._matcher.identity_owner(ChannelIdentity(channel=channel, external_id=external_id))


@dataclass(frozen=True)
class DeletionOutcome:
    state: DeletionState
    replayed: bool = False
    """The notification id was received before: nothing was done now."""


class AccountDeletions:
    def __init__(
        self,
        channels: Channels,
        deletions: AccountDeletionLog,
        erasure: ErasesCustomers | None,
        customers: FindsChannelCustomers,
        clock: Clock,
        sleep: Callable[[float], Any],
        limits: ChannelLimits | None = None,
    ) -> None:
        self._channels, self._log, self._erasure, self._customers = channels, deletions, erasure, customers
        self._clock, self._sleep, self._limits = clock, sleep, limits or ChannelLimits()

    def challenge(self, channel: str, challenge_code: str) -> str:
        """The answer to eBay's check of the endpoint (``challengeResponse``)."""
        endpoint = self._endpoint(channel)
        try:
            return endpoint.challenge_response(challenge_code)
        finally:
            endpoint.close()

    def receive(self, channel: str, body: bytes, signature: str | None) -> DeletionOutcome:
        """Act on a notification if it verifies; the adapter's errors say why one does not."""
        endpoint = self._endpoint(channel)
        try:
            notice = endpoint.verified_notice(body, signature)
        finally:
            endpoint.close()
        if not self._log.record(channel, notice, self._clock.now()):
            state = self._log.state(channel, notice.notification_id) or DeletionState.PENDING
            return DeletionOutcome(state, replayed=True)
        state = self._act(channel, notice.notification_id, notice.username, notice.user_id)
        log.info("account deletion notification %s of channel %s: %s", notice.notification_id, channel, state)
        return DeletionOutcome(state)

    def retry_pending(self, channel: str | None = None) -> dict[DeletionState, int]:
        """Act on the notifications still pending (of one channel or all); how many ended how."""
        counts = dict.fromkeys(DeletionState, 0)
        for pending in self._log.pending(channel):
            counts[
                self._act(pending.channel, pending.notification_id, pending.username, pending.user_id)
            ] += 1
        return counts

    def _endpoint(self, channel: str) -> AccountDeletionEndpoint:
        kind, settings = self._channels.settings(channel)  # ChannelNotFoundError for an unknown one
        if not isinstance(kind, ReceivesAccountDeletions):
            raise AccountDeletionNotConfiguredError(channel)
        context = ChannelContext(
            channel_name=channel, clock=self._clock, sleep=self._sleep, limits=self._limits
        )
        endpoint = kind.account_deletion(settings, context)
        if endpoint is None:
            raise AccountDeletionNotConfiguredError(channel)
        return endpoint

    def _customer(self, channel: str, username: str | None, user_id: str | None) -> UUID | None:
        """The mapping keeps eBay's username as the buyer id; the user id is asked too, in case."""
        for external_id in dict.fromkeys(i for i in (username, user_id) if i):
            found = self._customers.find_by_channel_identity(channel, external_id)
            if found is not None:
                return found
        return None

    def _act(
        self, channel: str, notification_id: str, username: str | None, user_id: str | None
    ) -> DeletionState:
        now = self._clock.now()
        with acting_as(Actor.channel(channel)):
            customer_id = self._customer(channel, username, user_id)
            if customer_id is None:
                self._log.settle(channel, notification_id, DeletionState.UNKNOWN_USER, now)
                return DeletionState.UNKNOWN_USER
            if self._erasure is None:  # this build erases nothing yet: kept until one that does
                self._log.postpone(channel, notification_id, "no erasure use case in this build", now)
                return DeletionState.PENDING
            try:
                self._erasure.erase(customer_id, REASON)
            except NotFoundError:  # gone meanwhile: nothing left to erase
                self._log.settle(channel, notification_id, DeletionState.UNKNOWN_USER, now)
                return DeletionState.UNKNOWN_USER
            except DomainError as exc:  # an order still open: kept, and tried again later
                log.info("account deletion %s of channel %s waits: %s", notification_id, channel, exc)
                self._log.postpone(channel, notification_id, str(exc), now)
                return DeletionState.PENDING
        self._log.settle(channel, notification_id, DeletionState.ERASED, now)
        return DeletionState.ERASED
