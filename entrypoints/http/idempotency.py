"""The ``Idempotency-Key`` header of the order-placing endpoints (application/idempotency.py).

The first request with a key answers 201 with the order it placed; a repeat of the same request
answers 200 with that same order and ``Idempotent-Replayed: true``, placing nothing; the same key
with a different request is a 422.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import Header, Response
from pydantic import AfterValidator, WithJsonSchema

from application.idempotency import KEY_PATTERN
from domain.order import Order
from entrypoints.http.response_models import OrderView

VISIBLE_ASCII = re.compile(KEY_PATTERN)


def _key(key: str) -> str:
    if not VISIBLE_ASCII.fullmatch(key):  # in words, not as the regular expression
        raise ValueError(
            f"must be 1 to 255 visible ASCII characters, without spaces (e.g. a UUID); got {len(key)} "
            "characters" + ("" if key.isascii() and key.isprintable() else ", some of them not visible ASCII")
        )
    return key


IdempotencyKeyHeader = Annotated[
    str | None,
    AfterValidator(_key),
    WithJsonSchema(
        {"type": "string", "pattern": KEY_PATTERN, "examples": ["5b7c2d64-8d7e-4f4e-9a57-2f1c0e3b9d10"]}
    ),
    Header(
        alias="Idempotency-Key",
        description="Any unique string (e.g. a UUID), 1-255 visible ASCII characters: sending the same "
        "request again with the same key answers with the order placed the first time (200, "
        "`Idempotent-Replayed: true`) instead of placing a second one.",
    ),
]

REPLAY_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "model": OrderView,
        "description": "A repeat of an earlier request with the same Idempotency-Key: the order it placed",
    }
}


def answer(response: Response, placed: tuple[Order, bool]) -> Order:
    """The order of ``Ordering.placed_once``; a replay answers 200 with ``Idempotent-Replayed``."""
    order, replayed = placed
    if replayed:
        response.status_code = 200
        response.headers["Idempotent-Replayed"] = "true"
    return order
