"""One way to decide and save: load, decide, save in one transaction; on a collision, decide again.

Every use case that changes aggregates hands its decision to ``retrying``. A collision (the event
store's ``IntegrityError``: someone saved the same aggregate, or claimed the same deterministic id,
since it was loaded) is not a failure: the decision is made again on the new state, which may
now say "already there" or "taken". A collision that keeps coming back after ``ATTEMPTS`` tries
ends in ``KeptCollidingError``, which names what kept changing (docs/adr/003-retry-policy.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from eventsourcing.persistence import IntegrityError

from application.errors import KeptCollidingError
from domain.eventsourced import Aggregate

ATTEMPTS = 8
"""Tries of one decision. Collisions need a concurrent writer of the same aggregate in the moment
between load and save, so a few tries suffice; waiting between them would only add latency."""

T = TypeVar("T")
Decision = tuple[T, Sequence[Aggregate]]
"""What a use case decided: its answer, and the aggregates whose new events record the decision."""


class Saves(Protocol):
    """The part of the aggregate store a decision needs: one transaction for all its aggregates."""

    def save(self, *aggregates: Aggregate) -> object: ...


def retrying(
    store: Saves,
    what: str,
    decide: Callable[[], Decision[T]],
    *,
    on_collision: Callable[[], None] | None = None,
    attempts: int = ATTEMPTS,
) -> T:
    """``decide()`` and save what it decided, until a save does not collide.

    ``what``: what the decision is about, for the error ("order 1234", "channel ebay-de").
    ``on_collision``: asked after each collision before deciding again; it may raise to end the
    retries with what the collision means (e.g. that a concurrent request placed the order)."""
    for _ in range(attempts):
        result, to_save = decide()
        try:
            store.save(*to_save)
        except IntegrityError:
            if on_collision is not None:
                on_collision()
            continue
        return result
    raise KeptCollidingError(what, attempts)
