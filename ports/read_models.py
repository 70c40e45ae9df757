"""The query ports: lists and reports served by projections of the event log, and their errors.

Entrypoints and use cases know the read models only by these protocols; adapters/read_models/
implements them over SQL tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal, Protocol
from uuid import UUID

from pydantic import BaseModel, Field


class ProjectionStoppedError(RuntimeError):
    """A projection failed on an event and waits at it (or a rebuild failed on it)."""


class RebuildRunningError(RuntimeError):
    """Another process is rebuilding that projection (or took this rebuild over)."""


class OrderFilter(BaseModel):
    source: str | None = None
    channel: str | None = None
    status: str | None = None
    customer_id: UUID | None = None
    external_id: str | None = None
    number: str | None = None
    """Case-insensitive (numbers are stored upper-case: ``ORD-1042``)."""
    q: str | None = None
    """Search words (domain/search_text.py): each must be the prefix of a term of the order or of
    its customer."""
    created_from: datetime | None = None
    """Included; ``created_to`` excluded: UTC instants (application/periods.py makes them of days)."""
    created_to: datetime | None = None
    sort: str = "-created_at"
    limit: int = Field(default=50, ge=1, le=500)
    offset: int = Field(default=0, ge=0)


class CustomerFilter(BaseModel):
    email: str | None = None
    number: str | None = None
    q: str | None = None
    limit: int = Field(default=50, ge=1, le=500)
    offset: int = Field(default=0, ge=0)


class Page(BaseModel):
    items: list[dict[str, Any]]
    total: int


class ReadModelQueries(Protocol):
    """The order and customer lists (projections ``order_list`` and ``customer_list``)."""

    def list_orders(self, query: OrderFilter) -> Page: ...

    def list_customers(self, query: CustomerFilter) -> Page:
        """Each item has ``orders``: how many orders the customer has."""
        ...

    def order_id_by_number(self, number: str) -> UUID | None:
        """The order with that number (any case), if there is one."""
        ...

    def customer_id_by_number(self, number: str) -> UUID | None: ...

    def export_orders(self, query: OrderFilter) -> Iterator[list[dict[str, Any]]]:
        """Every order ``query`` matches (its limit and offset ignored), in its sort, in batches
        (each read in a transaction of its own: a long export does not hold the store)."""
        ...

    def orders_with_pending_pushes(self, channel: str) -> list[UUID]:
        """Channel orders with a status change here that the channel has not yet confirmed."""
        ...

    def catch_up(self) -> None:
        """Bring the read models up to the newest event (read-your-writes)."""
        ...


GroupBy = Literal["channel", "day", "status"]


@dataclass(frozen=True)
class SalesRow:
    key: str
    currency: str
    orders: int
    revenue: Decimal
    cancelled_orders: int
    cancelled_amount: Decimal
    pending_orders: int = 0
    pending_amount: Decimal = Decimal("0.00")
    """Orders whose payment is not yet authorised: not revenue until they are paid."""

    def plus(self, other: SalesRow, key: str) -> SalesRow:
        return SalesRow(
            key,
            self.currency,
            self.orders + other.orders,
            self.revenue + other.revenue,
            self.cancelled_orders + other.cancelled_orders,
            self.cancelled_amount + other.cancelled_amount,
            self.pending_orders + other.pending_orders,
            self.pending_amount + other.pending_amount,
        )


class SalesReport(Protocol):
    def sales(self, start: datetime | None, end: datetime | None, group_by: GroupBy) -> list[SalesRow]:
        """Orders created in ``[start, end)`` (order time: placed_at for channel orders), grouped."""
        ...


class SyncLog(Protocol):
    def for_channel(self, name: str, limit: int = 20) -> list[dict[str, Any]]:
        """The newest ``limit`` syncs of the channel, newest first."""
        ...


class Projections(Protocol):
    """Where each read model stands, and keeping them up to date (``orderhub projections``)."""

    def names(self) -> list[str]: ...

    def head(self) -> int:
        """The position of the newest event in the log."""
        ...

    def status(self) -> list[dict[str, Any]]: ...

    def catch_up(self, *names: str) -> None:
        """Raises ProjectionStoppedError, after the others are caught up, if one is stopped."""
        ...

    def rebuild(self, name: str | None = None, progress: Callable[[int], None] | None = None) -> None:
        """Raises ProjectionStoppedError or RebuildRunningError; the live read model is kept then."""
        ...

    def create_tables(self) -> None:
        """Every read model's tables where missing (after the database was recreated empty)."""
        ...
