"""Argon2id hashes: stated parameters, salted, verified, and re-hashed when the parameters change."""

from __future__ import annotations

from adapters.argon2_passwords import Argon2Parameters, Argon2PasswordHasher
from tests.unit.accounts.conftest import CHEAP


def test_the_default_parameters_are_rfc_9106s_second_recommendation() -> None:
    assert Argon2Parameters() == Argon2Parameters(
        time_cost=3, memory_cost_kib=65536, parallelism=4, hash_len=32, salt_len=16
    )


def test_a_hash_is_argon2id_with_its_parameters_and_never_the_password() -> None:
    hashed = Argon2PasswordHasher(CHEAP).hash("correct horse battery")
    assert hashed.startswith("$argon2id$v=19$m=64,t=1,p=1$")
    assert "correct horse battery" not in hashed


def test_the_same_password_hashes_differently_each_time_and_verifies_each_time() -> None:
    hasher = Argon2PasswordHasher(CHEAP)
    first, second = hasher.hash("correct horse battery"), hasher.hash("correct horse battery")
    assert first != second
    assert hasher.verify(first, "correct horse battery") and hasher.verify(second, "correct horse battery")


def test_a_wrong_password_or_an_unreadable_hash_does_not_verify() -> None:
    hasher = Argon2PasswordHasher(CHEAP)
    assert not hasher.verify(hasher.hash("correct horse battery"), "correct horse batterz")
    assert not hasher.verify("not a hash", "correct horse battery")


def test_a_hash_made_under_other_parameters_verifies_but_needs_a_rehash() -> None:
    old = Argon2PasswordHasher(CHEAP).hash("correct horse battery")
    stronger = Argon2PasswordHasher(Argon2Parameters(time_cost=2, memory_cost_kib=128, parallelism=1))
    assert stronger.verify(old, "correct horse battery")
    assert stronger.needs_rehash(old)
    assert not stronger.needs_rehash(stronger.hash("correct horse battery"))
