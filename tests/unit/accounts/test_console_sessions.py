"""Console sessions as the use case keeps them: only a token's hash stored, idle time, live users."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.persistence.console_sessions import SqlConsoleSessionStore
from adapters.persistence.database_url import DatabaseUrl
from adapters.persistence.sql_database import SqlDatabase
from adapters.persistence.users import SqlUserStore
from application.console_sessions import ConsoleSessions, token_hash
from application.sign_in import SignIn, SignInRefusedError
from application.staff_accounts import StaffAccounts
from domain.access import Scope
from domain.staff_account import Role
from testkit.clock import FakeClock

IDLE = timedelta(hours=8)
PASSWORD = "correct horse battery"


@pytest.fixture
def session_store() -> SqlConsoleSessionStore:
    return SqlConsoleSessionStore(SqlDatabase(DatabaseUrl.parse("memory://")))


@pytest.fixture
def sessions(
    store: SqlUserStore,
    sign_in: SignIn,
    clock: FakeClock,
    accounts: StaffAccounts,
    session_store: SqlConsoleSessionStore,
) -> ConsoleSessions:
    accounts.add("bob", Role.STAFF, PASSWORD)
    accounts.add("vera", Role.VIEWER, PASSWORD)
    return ConsoleSessions(session_store, store, sign_in, clock)


def test_signing_in_keeps_only_the_hash_of_the_token(sessions: ConsoleSessions) -> None:
    token, who = sessions.sign_in("Bob ", PASSWORD, IDLE)
    assert who.user.name == "bob"
    assert who.session.token_hash == token_hash(token) != token
    assert len(who.session.csrf_token) >= 40 and who.session.csrf_token != token
    resumed = sessions.resume(token, IDLE)
    assert resumed is not None and resumed.session.csrf_token == who.session.csrf_token
    assert sessions.resume(who.session.token_hash, IDLE) is None  # the stored hash is no token


def test_a_wrong_password_starts_no_session(sessions: ConsoleSessions) -> None:
    with pytest.raises(SignInRefusedError):
        sessions.sign_in("bob", "not the password", IDLE)


def test_idle_time_counts_from_the_last_use(sessions: ConsoleSessions, clock: FakeClock) -> None:
    token, _ = sessions.sign_in("bob", PASSWORD, IDLE)
    clock.advance(hours=7)
    assert sessions.resume(token, IDLE) is not None
    clock.advance(hours=7)
    assert sessions.resume(token, IDLE) is not None
    clock.advance(hours=8, seconds=1)
    assert sessions.resume(token, IDLE) is None
    clock.advance(seconds=-2)  # and it stays gone
    assert sessions.resume(token, IDLE) is None


def test_signing_out_and_disabling_end_sessions(sessions: ConsoleSessions, accounts: StaffAccounts) -> None:
    first, _ = sessions.sign_in("bob", PASSWORD, IDLE)
    second, _ = sessions.sign_in("bob", PASSWORD, IDLE)
    sessions.sign_out(first)
    assert sessions.resume(first, IDLE) is None
    assert sessions.resume(second, IDLE) is not None
    accounts.disable("bob")
    assert sessions.resume(second, IDLE) is None
    assert sessions.resume("", IDLE) is None


def test_what_a_role_may_do(sessions: ConsoleSessions) -> None:
    _, staff = sessions.sign_in("bob", PASSWORD, IDLE)
    _, viewer = sessions.sign_in("vera", PASSWORD, IDLE)
    assert staff.may(Scope.ORDERS_WRITE) and staff.may(Scope.ORDERS_READ) and staff.may_sync
    assert not staff.may(Scope.CHANNELS_WRITE)
    assert viewer.may(Scope.ORDERS_READ) and not viewer.may(Scope.ORDERS_WRITE) and not viewer.may_sync


def test_a_session_opened_without_a_password_is_only_for_an_active_user(
    sessions: ConsoleSessions, accounts: StaffAccounts
) -> None:
    opened = sessions.open_for("bob", IDLE)
    assert opened is not None and sessions.resume(opened[0], IDLE) is not None
    assert sessions.open_for("nobody", IDLE) is None
    accounts.disable("vera")
    assert sessions.open_for("vera", IDLE) is None


def test_signing_in_clears_away_sessions_idle_too_long(
    sessions: ConsoleSessions, clock: FakeClock, session_store: SqlConsoleSessionStore
) -> None:
    _, idle = sessions.sign_in("bob", PASSWORD, IDLE)
    _, recent = sessions.sign_in("vera", PASSWORD, IDLE)
    clock.advance(hours=9)
    assert session_store.get(idle.session.token_hash) is not None  # kept until someone signs in
    sessions.sign_in("vera", PASSWORD, timedelta(hours=10))
    assert session_store.get(idle.session.token_hash) is not None  # younger than that idle time
    sessions.sign_in("vera", PASSWORD, IDLE)
    assert session_store.get(idle.session.token_hash) is None
    assert session_store.get(recent.session.token_hash) is None
