"""The user-name and password rules, said in words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.staff_account import (
    PASSWORD_RULE,
    USER_NAME_RULE,
    InvalidUserNameError,
    WeakPasswordError,
    check_password,
    check_user_name,
)


@pytest.mark.parametrize("name", ["anna", "anna.schmidt", "lager-2", "a", "x" * 63, "0_ops"])
def test_user_names_of_lower_case_letters_digits_and_dots_are_accepted(name: str) -> None:
    assert check_user_name(name) == name


@pytest.mark.parametrize(
    "name", ["", "Anna", "anna schmidt", "-anna", ".anna", "x" * 64, "anna@shop", "änna"]
)
def test_other_user_names_are_refused_with_the_rule_in_words(name: str) -> None:
    with pytest.raises(InvalidUserNameError) as refused:
        check_user_name(name)
    assert USER_NAME_RULE in str(refused.value)


@pytest.mark.parametrize(
    "password",
    ["", "short pass", "a" * 11, "a" * 40, "            ", "anna.schmidt", "ANNA.SCHMIDT", "x" * 1025],
)
def test_weak_passwords_are_refused_with_the_rule_in_words(password: str) -> None:
    with pytest.raises(WeakPasswordError) as refused:
        check_password("anna.schmidt", password)
    assert str(refused.value) == f"the password for 'anna.schmidt' is refused: {PASSWORD_RULE}"


def test_a_password_of_twelve_characters_that_are_not_all_one_is_accepted() -> None:
    assert check_password("anna", "aaaaaaaaaaab") == "aaaaaaaaaaab"


@given(st.text(min_size=12, max_size=64).filter(lambda p: len(set(p)) > 1 and p.strip().casefold() != "anna"))
def test_every_long_enough_varied_password_other_than_the_name_is_accepted(password: str) -> None:
    assert check_password("anna", password) == password
