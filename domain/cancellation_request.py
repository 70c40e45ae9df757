"""A buyer's request to cancel, as a channel reports it: staff decide before the order ships."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from domain.eventsourced import Immutable


class CancellationRequest(Immutable):
    """Open while the channel reports it; the channel's next report without it resolves it."""

    requested_by: Literal["buyer", "channel"] = "buyer"
    reason: str | None = Field(default=None, max_length=500)
