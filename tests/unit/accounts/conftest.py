"""Staff accounts on an in-memory store, with a real but cheap Argon2id hasher and a fake clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from adapters.argon2_passwords import Argon2Parameters, Argon2PasswordHasher
from adapters.persistence.database_url import DatabaseUrl
from adapters.persistence.sql_database import SqlDatabase
from adapters.persistence.users import SqlUserStore
from application.sign_in import SignIn
from application.staff_accounts import StaffAccounts
from testkit.clock import FakeClock

CHEAP = Argon2Parameters(time_cost=1, memory_cost_kib=64, parallelism=1)
"""Real Argon2id, at parameters fit only for tests (milliseconds a hash)."""


class CountingHasher(Argon2PasswordHasher):
    """Counts the verifications, so a test can tell that every refusal did the same work."""

    def __init__(self, parameters: Argon2Parameters = CHEAP) -> None:
        super().__init__(parameters)
        self.verified = 0

    def verify(self, password_hash: str, password: str) -> bool:
        self.verified += 1
        return super().verify(password_hash, password)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 11, 2, 9, 0, tzinfo=UTC))


@pytest.fixture
def store() -> Iterator[SqlUserStore]:
    db = SqlDatabase(DatabaseUrl.parse("memory://"))
    yield SqlUserStore(db)
    db.close()


@pytest.fixture
def hasher() -> CountingHasher:
    return CountingHasher()


@pytest.fixture
def accounts(store: SqlUserStore, hasher: CountingHasher, clock: FakeClock) -> StaffAccounts:
    return StaffAccounts(store, hasher, clock)


@pytest.fixture
def sign_in(store: SqlUserStore, hasher: CountingHasher, clock: FakeClock) -> SignIn:
    return SignIn(store, hasher, clock)
