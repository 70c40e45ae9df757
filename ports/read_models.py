"""The query port: lists and reports served by projections of the event log."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from pydantic import BaseModel, Field


class OrderFilter(BaseModel):
    source: str | None = None
    channel: str | None = None
    status: str | None = None
    customer_id: UUID | None = None
    external_id: str | None = None
    number: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    sort: str = "-created_at"
    limit: int = Field(default=50, ge=1, le=500)
    offset: int = Field(default=0, ge=0)


class CustomerFilter(BaseModel):
    email: str | None = None
    q: str | None = None
    limit: int = Field(default=50, ge=1, le=500)
    offset: int = Field(default=0, ge=0)


class Page(BaseModel):
    items: list[dict[str, Any]]
    total: int


class OrderQueries(Protocol):
    def list_orders(self, query: OrderFilter) -> Page: ...

    def list_customers(self, query: CustomerFilter) -> Page: ...

    def orders_with_pending_pushes(self, channel: str) -> list[UUID]:
        """Channel orders with a status change here that the channel has not yet confirmed."""
        ...

    def catch_up(self) -> None:
        """Bring the read models up to the newest event (read-your-writes)."""
        ...
