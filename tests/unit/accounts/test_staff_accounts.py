"""Adding, listing, disabling staff accounts and setting their passwords."""

from __future__ import annotations

import pytest

from adapters.persistence.users import SqlUserStore
from application.staff_accounts import StaffAccounts
from domain.staff_account import (
    DuplicateUserError,
    InvalidUserNameError,
    Role,
    UserNotFoundError,
    WeakPasswordError,
)
from testkit.clock import FakeClock
from tests.unit.accounts.conftest import CountingHasher

PASSWORD = "correct horse battery"


def test_an_added_user_is_listed_with_role_and_time_and_its_password_is_stored_as_a_hash(
    accounts: StaffAccounts, store: SqlUserStore, hasher: CountingHasher, clock: FakeClock
) -> None:
    added = accounts.add("anna", Role.STAFF, PASSWORD)
    assert accounts.all() == [added]
    assert (added.name, added.role, added.created_at, added.active) == ("anna", Role.STAFF, clock.now(), True)
    stored = store.get("anna")
    assert stored is not None and stored.password_hash.startswith("$argon2id$")
    assert hasher.verify(stored.password_hash, PASSWORD)


def test_a_name_that_exists_is_refused_and_the_first_user_is_kept(accounts: StaffAccounts) -> None:
    first = accounts.add("anna", Role.VIEWER, PASSWORD)
    with pytest.raises(DuplicateUserError, match="a user named 'anna' already exists"):
        accounts.add("anna", Role.ADMIN, "another password 1")
    assert accounts.all() == [first]


def test_a_weak_password_or_a_bad_name_stores_nothing(accounts: StaffAccounts) -> None:
    with pytest.raises(WeakPasswordError):
        accounts.add("anna", Role.ADMIN, "short")
    with pytest.raises(InvalidUserNameError):
        accounts.add("Anna Schmidt", Role.ADMIN, PASSWORD)
    assert accounts.all() == []


def test_users_are_listed_by_name(accounts: StaffAccounts) -> None:
    for name in ("carl", "anna", "bert"):
        accounts.add(name, Role.VIEWER, PASSWORD)
    assert [u.name for u in accounts.all()] == ["anna", "bert", "carl"]


def test_disabling_keeps_the_user_and_its_name_and_records_when(
    accounts: StaffAccounts, clock: FakeClock
) -> None:
    accounts.add("anna", Role.STAFF, PASSWORD)
    clock.advance(60)
    disabled = accounts.disable("anna")
    assert disabled.disabled_at == clock.now() and not disabled.active
    clock.advance(60)
    assert accounts.disable("anna").disabled_at == disabled.disabled_at  # since the first time
    with pytest.raises(DuplicateUserError):
        accounts.add("anna", Role.STAFF, PASSWORD)


def test_an_unknown_user_cannot_be_disabled_or_given_a_password(accounts: StaffAccounts) -> None:
    with pytest.raises(UserNotFoundError, match="user 'nobody' not found"):
        accounts.disable("nobody")
    with pytest.raises(UserNotFoundError):
        accounts.set_password("nobody", PASSWORD)


def test_a_new_password_replaces_the_old_one(
    accounts: StaffAccounts, store: SqlUserStore, hasher: CountingHasher
) -> None:
    accounts.add("anna", Role.STAFF, PASSWORD)
    accounts.set_password("anna", "a brand new secret")
    stored = store.get("anna")
    assert stored is not None
    assert hasher.verify(stored.password_hash, "a brand new secret")
    assert not hasher.verify(stored.password_hash, PASSWORD)


def test_a_weak_new_password_keeps_the_old_one(accounts: StaffAccounts, store: SqlUserStore) -> None:
    accounts.add("anna", Role.STAFF, PASSWORD)
    before = store.get("anna")
    with pytest.raises(WeakPasswordError):
        accounts.set_password("anna", "anna")
    assert store.get("anna") == before
