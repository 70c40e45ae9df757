"""The decision on a notification the adapter vouched for: erase, ignore, remember, never twice."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID, uuid4

import pytest

from adapters.persistence.account_deletions import SqlAccountDeletionLog
from adapters.persistence.database_url import DatabaseUrl
from adapters.persistence.sql_database import SqlDatabase
from application.acting import current_actor
from application.ebay_account_deletion import (
    REASON,
    AccountDeletionNotConfiguredError,
    AccountDeletions,
)
from domain.actor import Actor
from domain.errors import CustomerNotFoundError, DomainError
from ports.account_deletion import (
    AccountDeletionNotice,
    DeletionState,
    ReceivesAccountDeletions,
    UnverifiedNotificationError,
)
from testkit.channel_plugins import FakeClock


@dataclass
class RecordingErasure:
    """The erasure port as the decision sees it: who was erased, by whom; ``refusing`` customers
    raise as an open order does (application/erasure.py is tested on its own and through HTTP)."""

    erased: list[tuple[UUID, str, Actor]] = field(default_factory=list)
    refusing: set[UUID] = field(default_factory=set)

    def erase(self, customer_id: UUID, reason: str) -> None:
        if customer_id in self.refusing:
            raise DomainError(f"customer {customer_id} has an order still open")
        self.erased.append((customer_id, reason, current_actor()))


@dataclass
class Endpoint:
    notice: AccountDeletionNotice | Exception
    closed: int = 0

    def challenge_response(self, challenge_code: str) -> str:
        return f"answer to {challenge_code}"

    def verified_notice(self, body: bytes, signature: str | None) -> AccountDeletionNotice:
        if isinstance(self.notice, Exception):
            raise self.notice
        return self.notice

    def close(self) -> None:
        self.closed += 1


@dataclass
class Kind:
    endpoint: Endpoint | None

    def account_deletion(self, settings: Any, context: Any) -> Endpoint | None:
        return self.endpoint


class KindWithoutDeletions:
    name = "shop"


@dataclass
class ChannelsStandIn:
    kinds: dict[str, Any]

    def settings(self, name: str) -> tuple[Any, Any]:
        return self.kinds[name], None


@dataclass
class Buyers:
    known: dict[tuple[str, str], UUID] = field(default_factory=dict)

    def find_by_channel_identity(self, channel: str, external_id: str) -> UUID | None:
        return self.known.get((channel, external_id))


@pytest.fixture
def log() -> Iterator[SqlAccountDeletionLog]:
    db = SqlDatabase(DatabaseUrl.parse("memory://"))
    yield SqlAccountDeletionLog(db)
    db.close()


@dataclass
class Setup:
    deletions: AccountDeletions
    endpoint: Endpoint
    erasure: RecordingErasure
    buyers: Buyers
    log: SqlAccountDeletionLog


def notice(
    notification_id: str = "n-1", username: str | None = "anna_3", user_id: str | None = "u3"
) -> AccountDeletionNotice:
    return AccountDeletionNotice(notification_id, username, user_id)


@pytest.fixture
def setup(log: SqlAccountDeletionLog) -> Setup:
    endpoint = Endpoint(notice())
    erasure, buyers = RecordingErasure(), Buyers()
    channels = ChannelsStandIn(
        {"ebay-de": Kind(endpoint), "plain": Kind(None), "shop": KindWithoutDeletions()}
    )
    deletions = AccountDeletions(channels, log, erasure, buyers, FakeClock(), lambda _s: None)  # type: ignore[arg-type]
    return Setup(deletions, endpoint, erasure, buyers, log)


def test_the_kind_offers_the_capability_by_its_method() -> None:
    assert isinstance(Kind(None), ReceivesAccountDeletions)
    assert not isinstance(KindWithoutDeletions(), ReceivesAccountDeletions)


def test_the_challenge_is_the_endpoints_answer(setup: Setup) -> None:
    assert setup.deletions.challenge("ebay-de", "c0de") == "answer to c0de"
    assert setup.endpoint.closed == 1


@pytest.mark.parametrize("channel", ["plain", "shop"])
def test_a_channel_without_an_endpoint_is_not_found(setup: Setup, channel: str) -> None:
    with pytest.raises(AccountDeletionNotConfiguredError, match="has no account deletion endpoint"):
        setup.deletions.challenge(channel, "c")
    with pytest.raises(AccountDeletionNotConfiguredError):
        setup.deletions.receive(channel, b"{}", "sig")


def test_the_customer_of_the_user_name_is_erased_by_the_channel(setup: Setup) -> None:
    customer = setup.buyers.known[("ebay-de", "anna_3")] = uuid4()
    outcome = setup.deletions.receive("ebay-de", b"{}", "sig")
    assert (outcome.state, outcome.replayed) == (DeletionState.ERASED, False)
    assert setup.erasure.erased == [(customer, REASON, Actor.channel("ebay-de"))]
    assert setup.log.state("ebay-de", "n-1") is DeletionState.ERASED


def test_the_user_id_is_asked_when_the_name_is_not_known(setup: Setup) -> None:
    customer = setup.buyers.known[("ebay-de", "u3")] = uuid4()
    setup.deletions.receive("ebay-de", b"{}", "sig")
    assert [c for c, _, _ in setup.erasure.erased] == [customer]


def test_a_user_of_another_channel_is_not_this_channels_customer(setup: Setup) -> None:
    setup.buyers.known[("ebay-at", "anna_3")] = uuid4()
    assert setup.deletions.receive("ebay-de", b"{}", "sig").state is DeletionState.UNKNOWN_USER
    assert setup.erasure.erased == []


def test_a_replay_does_nothing(setup: Setup) -> None:
    setup.buyers.known[("ebay-de", "anna_3")] = uuid4()
    setup.deletions.receive("ebay-de", b"{}", "sig")
    again = setup.deletions.receive("ebay-de", b"{}", "sig")
    assert (again.state, again.replayed) == (DeletionState.ERASED, True)
    assert len(setup.erasure.erased) == 1


def test_an_unverified_notification_is_not_even_recorded(setup: Setup) -> None:
    setup.buyers.known[("ebay-de", "anna_3")] = uuid4()
    setup.endpoint.notice = UnverifiedNotificationError("X-EBAY-SIGNATURE does not verify")
    with pytest.raises(UnverifiedNotificationError):
        setup.deletions.receive("ebay-de", b"{}", "sig")
    assert setup.erasure.erased == [] and setup.log.state("ebay-de", "n-1") is None
    assert setup.endpoint.closed == 1


def test_a_customer_gone_meanwhile_counts_as_unknown(setup: Setup) -> None:
    gone = setup.buyers.known[("ebay-de", "anna_3")] = uuid4()

    def erase(customer_id: UUID, reason: str) -> None:
        raise CustomerNotFoundError(customer_id)

    setup.erasure.erase = erase  # type: ignore[method-assign]
    assert setup.deletions.receive("ebay-de", b"{}", "sig").state is DeletionState.UNKNOWN_USER
    assert gone not in [p.username for p in setup.log.pending()]


def test_a_refused_erasure_stays_pending_until_a_retry_succeeds(setup: Setup) -> None:
    customer = setup.buyers.known[("ebay-de", "anna_3")] = uuid4()
    setup.erasure.refusing.add(customer)
    assert setup.deletions.receive("ebay-de", b"{}", "sig").state is DeletionState.PENDING
    [pending] = setup.log.pending()
    assert (pending.username, pending.attempts) == ("anna_3", 1)
    assert "still open" in (pending.last_error or "")
    setup.erasure.refusing.clear()
    assert setup.deletions.retry_pending("ebay-at")[DeletionState.ERASED] == 0  # another channel's
    assert setup.deletions.retry_pending("ebay-de")[DeletionState.ERASED] == 1
    assert setup.log.pending() == [] and len(setup.erasure.erased) == 1


def test_without_an_erasure_use_case_every_known_user_waits(log: SqlAccountDeletionLog) -> None:
    buyers = Buyers({("ebay-de", "anna_3"): uuid4()})
    channels = ChannelsStandIn({"ebay-de": Kind(Endpoint(notice()))})
    deletions = AccountDeletions(channels, log, None, buyers, FakeClock(), lambda _s: None)  # type: ignore[arg-type]
    assert deletions.receive("ebay-de", b"{}", "sig").state is DeletionState.PENDING
    assert [p.username for p in log.pending()] == ["anna_3"]


def test_domain_errors_other_than_not_found_keep_it(setup: Setup) -> None:
    customer = setup.buyers.known[("ebay-de", "anna_3")] = uuid4()

    def erase(customer_id: UUID, reason: str) -> None:
        raise DomainError(f"customer {customer_id} kept changing")

    setup.erasure.erase = erase  # type: ignore[method-assign]
    assert setup.deletions.receive("ebay-de", b"{}", "sig").state is DeletionState.PENDING
    assert str(customer) in (setup.log.pending()[0].last_error or "")
