"""Who did it: the actor each event records (a console user, an API key, a channel's sync, the system)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class ActorKind(StrEnum):
    USER = "user"
    """A console user (staff account), by user name."""
    API_KEY = "api_key"
    """An API key, by the name it was given (the configured key: ``ORDERHUB_API_KEY``)."""
    CHANNEL = "channel"
    """A channel's sync (imports, status syncs, push confirmations), by the channel's name."""
    SYSTEM = "system"
    """orderhub itself: the scheduler, retention, a command run on the server."""


class Actor(BaseModel):
    """Kept on every event: small and frozen, so one object serves every event of a decision."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: ActorKind
    name: str = Field(min_length=1, max_length=200)

    @classmethod
    def user(cls, name: str) -> Actor:
        return cls(kind=ActorKind.USER, name=name)

    @classmethod
    def api_key(cls, name: str) -> Actor:
        return cls(kind=ActorKind.API_KEY, name=name)

    @classmethod
    def channel(cls, name: str) -> Actor:
        return cls(kind=ActorKind.CHANNEL, name=name)

    @classmethod
    def system(cls, name: str) -> Actor:
        return cls(kind=ActorKind.SYSTEM, name=name)


BEFORE_ACTORS = Actor.system("before actors were recorded")
"""The actor shown for an event stored before events recorded one."""

ORDERHUB = Actor.system("orderhub")
"""The actor of work no entrypoint named (e.g. a command run on the server)."""


def recorded_actor(event: object) -> Actor:
    """The event's actor; an event stored before actors were recorded has none."""
    actor = getattr(event, "actor", None)
    return actor if isinstance(actor, Actor) else BEFORE_ACTORS
