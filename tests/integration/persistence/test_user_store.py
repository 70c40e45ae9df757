"""Staff accounts and failed sign-ins in their tables, alike on memory, SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from adapters.argon2_passwords import Argon2Parameters, Argon2PasswordHasher
from adapters.persistence.database_url import DatabaseUrl
from adapters.persistence.sql_database import SqlDatabase
from adapters.persistence.users import SqlUserStore
from application.sign_in import SignInRefusedError, SignInThrottledError
from domain.staff_account import Role, User
from entrypoints.bootstrap import bootstrap
from entrypoints.cli import app
from ports.users import FailedSignIns, StoredUser

NOW = datetime(2026, 11, 2, 9, 0, 0, 123456, tzinfo=UTC)
CHEAP = Argon2PasswordHasher(Argon2Parameters(time_cost=1, memory_cost_kib=64, parallelism=1))


def open_db(url: str) -> SqlDatabase:
    parsed = DatabaseUrl.parse(url)
    if parsed.path is not None:
        parsed.path.parent.mkdir(parents=True, exist_ok=True)
    return SqlDatabase(parsed)


@pytest.fixture
def db(database_url: str) -> Iterator[SqlDatabase]:
    database = open_db(database_url)
    yield database
    database.close()


def test_a_user_reads_back_as_stored_with_its_hash_and_moments(db: SqlDatabase) -> None:
    store = SqlUserStore(db)
    anna = User("anna", Role.STAFF, NOW)
    assert store.add(anna, "$argon2id$hash")
    assert store.get("anna") == StoredUser(anna, "$argon2id$hash")
    assert store.get("bert") is None
    assert store.all() == [anna]


def test_a_second_user_of_one_name_is_not_added(db: SqlDatabase) -> None:
    store = SqlUserStore(db)
    assert store.add(User("anna", Role.VIEWER, NOW), "first")
    assert not store.add(User("anna", Role.ADMIN, NOW), "second")
    assert store.get("anna") == StoredUser(User("anna", Role.VIEWER, NOW), "first")


def test_disabling_keeps_the_first_moment_and_answers_whether_the_user_exists(db: SqlDatabase) -> None:
    store = SqlUserStore(db)
    store.add(User("anna", Role.STAFF, NOW), "hash")
    later = NOW.astimezone(timezone(timedelta(hours=2))) + timedelta(minutes=5)  # any zone, stored as UTC
    assert store.disable("anna", later)
    assert store.disable("anna", later + timedelta(days=1))
    assert not store.disable("bert", later)
    assert store.all() == [User("anna", Role.STAFF, NOW, disabled_at=later.astimezone(UTC))]


def test_a_new_password_hash_replaces_the_old_one_only_for_a_user(db: SqlDatabase) -> None:
    store = SqlUserStore(db)
    store.add(User("anna", Role.STAFF, NOW), "old")
    assert store.set_password_hash("anna", "new")
    assert not store.set_password_hash("bert", "new")
    stored = store.get("anna")
    assert stored is not None and stored.password_hash == "new"


def test_failed_sign_ins_are_counted_per_name_and_cleared(db: SqlDatabase) -> None:
    store = SqlUserStore(db)
    assert [store.record_failed_sign_in("nobody", NOW + timedelta(seconds=n)) for n in range(3)] == [1, 2, 3]
    assert store.failed_sign_ins("nobody") == FailedSignIns(3, NOW + timedelta(seconds=2))
    assert store.failed_sign_ins("anna") is None
    store.clear_failed_sign_ins("nobody")
    assert store.failed_sign_ins("nobody") is None


def test_failures_counted_at_the_same_time_all_count(shared_database_url: str) -> None:
    databases = [open_db(shared_database_url) for _ in range(4)]  # as four processes would
    try:
        stores = [SqlUserStore(d) for d in databases]
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda n: stores[n % 4].record_failed_sign_in("anna", NOW), range(40)))
        assert all(s.failed_sign_ins("anna") == FailedSignIns(40, NOW) for s in stores)
    finally:
        for d in databases:
            d.close()


def test_sign_ins_and_their_slow_down_are_shared_by_every_process(shared_database_url: str) -> None:
    first = bootstrap(shared_database_url, password_hasher=CHEAP)
    second = bootstrap(shared_database_url, password_hasher=CHEAP)
    try:
        first.users.add("anna", Role.ADMIN, "correct horse battery")
        assert second.sign_in.authenticate("anna", "correct horse battery").role is Role.ADMIN
        for _ in range(5):
            with pytest.raises(SignInRefusedError, match="Wrong username or password"):
                first.sign_in.authenticate("anna", "wrong password!")
        with pytest.raises(SignInThrottledError):
            second.sign_in.authenticate("anna", "correct horse battery")
    finally:
        first.close()
        second.close()


def test_migrate_store_copies_the_users_and_not_their_failures(
    tmp_path: Path, shared_database_url: str
) -> None:
    source = f"sqlite:///{tmp_path / 'old' / 'orderhub.db'}"
    old = bootstrap(source, password_hasher=CHEAP)
    old.users.add("anna", Role.STAFF, "correct horse battery")
    old.users.disable("anna")
    old.users.add("bert", Role.VIEWER, "another good secret")
    for _ in range(5):  # had they been copied, bert would have to wait now
        with pytest.raises(SignInRefusedError):
            old.sign_in.authenticate("bert", "wrong password!")
    before = old.users.all()
    old.close()
    result = CliRunner().invoke(app, ["migrate-store", source, shared_database_url])
    assert result.exit_code == 0, result.output
    new = bootstrap(shared_database_url, password_hasher=CHEAP)
    try:
        assert new.users.all() == before
        assert new.sign_in.authenticate("bert", "another good secret").name == "bert"
    finally:
        new.close()
