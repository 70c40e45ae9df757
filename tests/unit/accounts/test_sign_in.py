"""The sign-in check: one refusal for every wrong part, and a slow-down per user name."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.argon2_passwords import Argon2Parameters, Argon2PasswordHasher
from adapters.persistence.users import SqlUserStore
from application.sign_in import (
    WRONG_CREDENTIALS,
    SignIn,
    SignInRefusedError,
    SignInThrottle,
    SignInThrottledError,
)
from application.staff_accounts import StaffAccounts
from domain.staff_account import Role
from testkit.clock import FakeClock
from tests.unit.accounts.conftest import CountingHasher

PASSWORD = "correct horse battery"


def refusal(sign_in: SignIn, username: str, password: str) -> SignInRefusedError:
    with pytest.raises(SignInRefusedError) as refused:
        sign_in.authenticate(username, password)
    return refused.value


def test_the_right_password_signs_the_user_in(accounts: StaffAccounts, sign_in: SignIn) -> None:
    added = accounts.add("anna", Role.STAFF, PASSWORD)
    assert sign_in.authenticate("anna", PASSWORD) == added


def test_the_user_name_is_found_whatever_its_case_and_surrounding_blanks(
    accounts: StaffAccounts, sign_in: SignIn
) -> None:
    accounts.add("anna", Role.STAFF, PASSWORD)
    assert sign_in.authenticate(" Anna ", PASSWORD).name == "anna"


def test_a_wrong_password_an_unknown_user_and_a_disabled_user_are_refused_alike(
    accounts: StaffAccounts, sign_in: SignIn, hasher: CountingHasher
) -> None:
    accounts.add("anna", Role.STAFF, PASSWORD)
    accounts.add("bert", Role.STAFF, PASSWORD)
    accounts.disable("bert")
    refusals = []
    for username, password in (("anna", "wrong password!"), ("nobody", PASSWORD), ("bert", PASSWORD)):
        before = hasher.verified
        refused = refusal(sign_in, username, password)
        refusals.append((type(refused), str(refused), hasher.verified - before))
    # the same error, the same words, and one password check each (a dummy hash for "nobody")
    assert refusals == [(SignInRefusedError, WRONG_CREDENTIALS, 1)] * 3
    assert WRONG_CREDENTIALS == "Wrong username or password"


def test_five_failures_are_free_and_then_each_try_waits_twice_as_long(
    accounts: StaffAccounts, sign_in: SignIn, clock: FakeClock
) -> None:
    accounts.add("anna", Role.STAFF, PASSWORD)
    for _ in range(5):
        assert not isinstance(refusal(sign_in, "anna", "wrong password!"), SignInThrottledError)
    for wait in (1, 2, 4, 8):
        throttled = refusal(sign_in, "anna", PASSWORD)  # even the right password must wait
        assert isinstance(throttled, SignInThrottledError) and throttled.retry_after_seconds == wait
        assert str(throttled) == f"Too many failed sign-ins for this username: try again in {wait} seconds"
        clock.advance(wait - 0.5)
        assert isinstance(refusal(sign_in, "anna", PASSWORD), SignInThrottledError)
        clock.advance(0.5)
        assert not isinstance(refusal(sign_in, "anna", "wrong password!"), SignInThrottledError)
    clock.advance(16)
    assert sign_in.authenticate("anna", PASSWORD).name == "anna"


def test_a_throttled_try_checks_no_password(
    accounts: StaffAccounts, sign_in: SignIn, hasher: CountingHasher
) -> None:
    accounts.add("anna", Role.STAFF, PASSWORD)
    for _ in range(5):
        refusal(sign_in, "anna", "wrong password!")
    before = hasher.verified
    assert isinstance(refusal(sign_in, "anna", PASSWORD), SignInThrottledError)
    assert hasher.verified == before


def test_an_unknown_user_name_is_slowed_down_exactly_like_a_real_one(sign_in: SignIn) -> None:
    for _ in range(5):
        refusal(sign_in, "nobody", "wrong password!")
    throttled = refusal(sign_in, "nobody", "wrong password!")
    assert isinstance(throttled, SignInThrottledError) and throttled.retry_after_seconds == 1


def test_the_wait_never_exceeds_fifteen_minutes(
    accounts: StaffAccounts, store: SqlUserStore, sign_in: SignIn, clock: FakeClock
) -> None:
    accounts.add("anna", Role.STAFF, PASSWORD)
    for _ in range(40):
        store.record_failed_sign_in("anna", clock.now())
    throttled = refusal(sign_in, "anna", PASSWORD)
    assert isinstance(throttled, SignInThrottledError) and throttled.retry_after_seconds == 15 * 60


def test_failures_of_one_name_do_not_slow_down_another(accounts: StaffAccounts, sign_in: SignIn) -> None:
    accounts.add("anna", Role.STAFF, PASSWORD)
    for _ in range(8):
        refusal(sign_in, "bert", "wrong password!")
    assert sign_in.authenticate("anna", PASSWORD).name == "anna"


def test_a_success_starts_the_count_again(
    accounts: StaffAccounts, store: SqlUserStore, sign_in: SignIn
) -> None:
    accounts.add("anna", Role.STAFF, PASSWORD)
    for _ in range(4):
        refusal(sign_in, "anna", "wrong password!")
    sign_in.authenticate("anna", PASSWORD)
    assert store.failed_sign_ins("anna") is None
    for _ in range(5):
        assert not isinstance(refusal(sign_in, "anna", "wrong password!"), SignInThrottledError)


def test_failures_a_day_old_are_forgotten(accounts: StaffAccounts, sign_in: SignIn, clock: FakeClock) -> None:
    accounts.add("anna", Role.STAFF, PASSWORD)
    for _ in range(12):
        refused = refusal(sign_in, "anna", "wrong password!")
        clock.advance(2**12)  # never throttled: each try waits out the delay
        assert not isinstance(refused, SignInThrottledError)
    clock.advance(timedelta(hours=24, seconds=1).total_seconds())
    for _ in range(5):
        assert not isinstance(refusal(sign_in, "anna", "wrong password!"), SignInThrottledError)


def test_a_new_password_lifts_the_slow_down(accounts: StaffAccounts, sign_in: SignIn) -> None:
    accounts.add("anna", Role.STAFF, PASSWORD)
    for _ in range(7):
        refusal(sign_in, "anna", "wrong password!")
    accounts.set_password("anna", "a brand new secret")
    assert sign_in.authenticate("anna", "a brand new secret").name == "anna"


def test_the_slow_down_holds_for_every_process_sharing_the_store(
    accounts: StaffAccounts, store: SqlUserStore, clock: FakeClock
) -> None:
    accounts.add("anna", Role.STAFF, PASSWORD)
    first, second = (SignIn(store, CountingHasher(), clock) for _ in range(2))
    for _ in range(5):
        refusal(first, "anna", "wrong password!")
    assert isinstance(refusal(second, "anna", PASSWORD), SignInThrottledError)


def test_a_hash_under_old_parameters_is_made_again_at_sign_in(
    store: SqlUserStore, hasher: CountingHasher, clock: FakeClock
) -> None:
    StaffAccounts(store, hasher, clock).add("anna", Role.STAFF, PASSWORD)
    stronger = Argon2PasswordHasher(Argon2Parameters(time_cost=2, memory_cost_kib=128, parallelism=1))
    SignIn(store, stronger, clock).authenticate("anna", PASSWORD)
    stored = store.get("anna")
    assert stored is not None and stored.password_hash.startswith("$argon2id$v=19$m=128,t=2,p=1$")
    assert SignIn(store, stronger, clock).authenticate("anna", PASSWORD).name == "anna"


def test_a_wrong_password_leaves_an_old_hash_as_it_was(store: SqlUserStore, clock: FakeClock) -> None:
    StaffAccounts(store, CountingHasher(), clock).add("anna", Role.STAFF, PASSWORD)
    before = store.get("anna")
    stronger = Argon2PasswordHasher(Argon2Parameters(time_cost=2, memory_cost_kib=128, parallelism=1))
    refusal(SignIn(store, stronger, clock), "anna", "wrong password!")
    assert store.get("anna") == before


def test_the_throttle_policy_is_a_setting() -> None:
    strict = SignInThrottle(
        free_failures=2, first_delay=timedelta(seconds=30), max_delay=timedelta(minutes=2)
    )
    assert [strict.delay(n).total_seconds() for n in range(1, 7)] == [0, 30, 60, 120, 120, 120]


@given(st.integers(min_value=0, max_value=10_000))
def test_the_wait_grows_with_the_failures_and_stays_within_its_bounds(failures: int) -> None:
    throttle = SignInThrottle()
    wait = throttle.delay(failures)
    assert timedelta(0) <= wait <= throttle.max_delay
    assert throttle.delay(failures + 1) >= wait
    assert (wait == timedelta(0)) == (failures < throttle.free_failures)
