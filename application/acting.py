"""Who is acting: the actor the aggregate store stamps on every event it saves meanwhile.

A context variable rather than an ``actor`` parameter on every use case: the actor is known only
at an entrypoint (the request's API key, the channel a sync runs for, the scheduler), while events
are saved deep inside use cases that call one another (a sync imports, syncs and pushes). Only
entrypoints and the sync use case set it, each around the work it starts; the store reads it at
its one save path. Threads start without it, so work on a thread of its own names its actor
itself (``acting_as``); an event saved with no actor set records ``ORDERHUB``.
(docs/adr/012-actors.md)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from domain.actor import ORDERHUB, Actor

_acting: ContextVar[Actor | None] = ContextVar("orderhub_actor", default=None)


@contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    """Events saved inside the block record ``actor``; the actor before it is restored after."""
    token = _acting.set(actor)
    try:
        yield actor
    finally:
        _acting.reset(token)


def act_for_request(actor: Actor) -> None:
    """For an HTTP request: it runs in a context of its own (one per request task, copied into
    the thread pool for its endpoint), which ends with it, so nothing needs restoring."""
    _acting.set(actor)


def current_actor() -> Actor:
    return _acting.get() or ORDERHUB
