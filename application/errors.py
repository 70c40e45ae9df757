"""Errors the use cases raise beyond the domain's own."""

from __future__ import annotations

from domain.errors import DomainError, NotFoundError


class ChannelNotFoundError(NotFoundError):
    def __init__(self, name: str) -> None:
        super().__init__("channel", name)


class DuplicateChannelError(DomainError):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"a channel named {name!r} already exists")


class UnknownChannelKindError(DomainError, ValueError):
    def __init__(self, kind: str, known: list[str]) -> None:
        self.kind = kind
        super().__init__(f"unknown channel kind {kind!r}; installed kinds: {', '.join(sorted(known))}")


class ChannelSettingsError(DomainError, ValueError):
    """Settings that do not fit the kind's settings model; the message names the field, and
    ``fields`` holds each setting's problem apart (a form shows it next to the field)."""

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        self.fields = fields or {}
        super().__init__(message)


class SyncAlreadyRunningError(DomainError):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"a sync of channel {name!r} is already running; try again when it has finished")


class KeptCollidingError(DomainError):
    """Someone else kept changing what a use case decides on; the caller may retry."""

    def __init__(self, what: str, attempts: int) -> None:
        self.what, self.attempts = what, attempts
        super().__init__(f"{what} kept changing: {attempts} tries to save collided; please retry")


class InvalidQueryError(DomainError, ValueError):
    """A query parameter that cannot be read; ``field`` names it."""

    def __init__(self, field: str, why: str) -> None:
        self.field = field
        super().__init__(f"{field}: {why}")


class ChannelPausedError(DomainError):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(
            f"channel {name!r} is paused: it is not synced, on schedule or on request; resume it "
            'first (PATCH /api/v1/channels/{name} {"paused": false})'.replace("{name}", name)
        )


class QuarantinedOrderNotFoundError(NotFoundError):
    def __init__(self, channel: str, external_id: str) -> None:
        super().__init__(f"quarantined order of channel {channel!r}", external_id)


class QuarantineRetryUnsupportedError(DomainError):
    def __init__(self, channel: str, kind: str) -> None:
        super().__init__(
            f"channel {channel!r}: its kind {kind!r} can neither fetch one order again nor map a stored "
            "payload again; the next sync retries the order when the channel delivers it again"
        )
