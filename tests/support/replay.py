"""An aggregate rebuilt from its pending events, as the store would load it after saving them."""

from __future__ import annotations

from typing import Any, TypeVar

A = TypeVar("A")


def replayed(aggregate: A) -> A:
    """Collects (empties) ``aggregate``'s pending events: call it once per batch of changes."""
    rebuilt: Any = None
    for event in aggregate.collect_events():  # type: ignore[attr-defined]
        rebuilt = event.mutate(rebuilt)
    assert type(rebuilt) is type(aggregate)
    return rebuilt  # type: ignore[no-any-return]
