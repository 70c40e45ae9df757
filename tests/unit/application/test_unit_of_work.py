"""The one way use cases save a decision: on a collision they decide again, within one budget."""

from __future__ import annotations

from typing import Any

import pytest
from eventsourcing.persistence import IntegrityError

from application.errors import KeptCollidingError
from application.unit_of_work import ATTEMPTS, Decision, retrying
from domain.errors import DomainError


class FakeStore:
    """Collides on the first ``collisions`` saves, then keeps what it is given."""

    def __init__(self, collisions: int) -> None:
        self.collisions, self.saved = collisions, list[tuple[Any, ...]]()

    def save(self, *aggregates: Any) -> None:
        if self.collisions > 0:
            self.collisions -= 1
            raise IntegrityError("duplicate key value violates unique constraint")
        self.saved.append(aggregates)


class Decisions:
    """Decides anew at every call: decision n saves the aggregate ``f"agg{n}"``."""

    def __init__(self) -> None:
        self.made = 0

    def __call__(self) -> Decision[int]:
        self.made += 1
        return self.made, [f"agg{self.made}"]  # type: ignore[list-item]


def test_a_decision_that_collides_is_made_again_and_the_new_one_saved() -> None:
    store, decide = FakeStore(collisions=2), Decisions()
    assert retrying(store, "order 7", decide) == 3
    assert decide.made == 3
    assert store.saved == [("agg3",)]


def test_a_decision_that_does_not_collide_is_made_and_saved_once() -> None:
    store, decide = FakeStore(collisions=0), Decisions()
    assert retrying(store, "order 7", decide) == 1
    assert store.saved == [("agg1",)]


def test_it_gives_up_after_the_budget_naming_what_kept_changing() -> None:
    store, decide = FakeStore(collisions=ATTEMPTS), Decisions()
    with pytest.raises(KeptCollidingError) as raised:
        retrying(store, "order 7", decide)
    assert decide.made == ATTEMPTS and store.saved == []
    assert str(raised.value) == f"order 7 kept changing: {ATTEMPTS} tries to save collided; please retry"
    assert (raised.value.what, raised.value.attempts) == ("order 7", ATTEMPTS)
    assert isinstance(raised.value, DomainError)  # mapped to 409 with the other conflicts


def test_a_smaller_budget_gives_up_sooner() -> None:
    store, decide = FakeStore(collisions=1), Decisions()
    with pytest.raises(KeptCollidingError):
        retrying(store, "a page of shop", decide, attempts=1)
    assert decide.made == 1


def test_what_a_collision_means_may_end_the_retries() -> None:
    class PlacedMeanwhileError(Exception):
        pass

    def placed_meanwhile() -> None:
        raise PlacedMeanwhileError

    store, decide = FakeStore(collisions=1), Decisions()
    with pytest.raises(PlacedMeanwhileError):
        retrying(store, "order 7", decide, on_collision=placed_meanwhile)
    assert decide.made == 1 and store.saved == []


def test_a_refusal_while_deciding_is_not_retried() -> None:
    store = FakeStore(collisions=0)
    calls: list[int] = []

    def refuse() -> Decision[int]:
        calls.append(1)
        raise DomainError("a cancelled order changes no more")

    with pytest.raises(DomainError, match="cancelled"):
        retrying(store, "order 7", refuse)
    assert calls == [1] and store.saved == []


def test_other_store_errors_are_not_taken_for_collisions() -> None:
    class BrokenStore:
        def save(self, *aggregates: Any) -> None:
            raise OSError("disk full")

    decide = Decisions()
    with pytest.raises(OSError, match="disk full"):
        retrying(BrokenStore(), "order 7", decide)
    assert decide.made == 1
