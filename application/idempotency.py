"""Idempotency keys for orders placed over the API: a retried request places no second order.

A client that did not get an answer (a timeout, a dropped connection) cannot know whether its order
was placed. Sent again with the same ``Idempotency-Key``, the request answers with the order the
first one placed. The key decides the order's id (``uuid5``), so two requests with one key collide
in the event store like a channel order imported twice (ADR 001), even when they arrive at once; the
order keeps a fingerprint of its request, so a key reused for a different order is refused rather
than answered with the wrong one. See docs/adr/008-idempotency-keys.md.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from uuid import NAMESPACE_URL, UUID, uuid5

from pydantic import BaseModel

from domain.errors import DomainError

IDEMPOTENT_ORDERS = uuid5(NAMESPACE_URL, "https://orderhub.dev/orders/idempotency-key")
KEY_PATTERN = r"^[\x21-\x7e]{1,255}$"
"""1 to 255 visible ASCII characters (a UUID is a good key)."""


class IdempotencyKeyReusedError(DomainError):
    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(
            f"Idempotency-Key {key!r} was already used for a different order; use a new key for a new "
            "order (the order placed with this key is unchanged)"
        )


class OrderAlreadyPlacedError(DomainError):
    """A concurrent request with the same key placed the order first (answered as a replay)."""


@dataclass(frozen=True)
class RequestKey:
    """An Idempotency-Key and the fingerprint of the request that came with it."""

    key: str
    fingerprint: str

    @classmethod
    def of(cls, key: str, kind: str, body: BaseModel, customer_id: UUID | None = None) -> RequestKey:
        """``kind`` and ``customer_id``: what besides the body makes the request (its endpoint)."""
        content = f"{kind}\x1f{customer_id or ''}\x1f{body.model_dump_json()}"
        return cls(key, hashlib.sha256(content.encode()).hexdigest())

    @property
    def order_id(self) -> UUID:
        return uuid5(IDEMPOTENT_ORDERS, self.key)
