"""The ``Idempotency-Key`` header of the order-placing endpoints (application/idempotency.py).

The first request with a key answers 201 with the order it placed; a repeat of the same request
answers 200 with that same order and ``Idempotent-Replayed: true``, placing nothing; the same key
with a different request is a 422.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Header, Response

from application.idempotency import KEY_PATTERN, OrderAlreadyPlacedError, RequestKey
from application.ordering import Ordering
from domain.order import Order

IdempotencyKeyHeader = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        pattern=KEY_PATTERN,
        description="Any unique string (e.g. a UUID), 1-255 visible ASCII characters: sending the same "
        "request again with the same key answers with the order placed the first time (200, "
        "`Idempotent-Replayed: true`) instead of placing a second one.",
    ),
]

REPLAY_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"description": "A repeat of an earlier request with the same Idempotency-Key: the order it placed"}
}


def place_once(
    response: Response, ordering: Ordering, request: RequestKey | None, place: Callable[[], Order]
) -> Order:
    """``place()`` unless a request with the same key placed the order already (then that order)."""
    if request is not None and (earlier := ordering.placed_before(request)) is not None:
        return _replayed(response, earlier)
    try:
        return place()
    except OrderAlreadyPlacedError:  # a concurrent request with the same key came first
        assert request is not None
        earlier = ordering.placed_before(request)
        assert earlier is not None
        return _replayed(response, earlier)


def _replayed(response: Response, order: Order) -> Order:
    response.status_code = 200
    response.headers["Idempotent-Replayed"] = "true"
    return order
