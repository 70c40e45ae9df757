"""An in-memory channel kind for testing the sync use case without any wire protocol."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field, SecretStr

from adapters.channels.registry import KindRegistry
from domain.channel_order import ChannelBuyer, ChannelOrder
from domain.order_line import OrderLine
from domain.status import OrderStatus
from ports.channels import (
    ChannelContext,
    PulledOrder,
    PulledPage,
    PullFailure,
    PullWindow,
    PushOutcome,
    RetryableChannelError,
    StatusPush,
    TimeWindowedSettings,
)


class FakeSettings(TimeWindowedSettings):
    shop: str = "main"
    token: SecretStr = Field(json_schema_extra={"secret": True})


@dataclass
class FakeShop:
    """What the fake channel holds: orders by id, with their last change time."""

    orders: dict[str, ChannelOrder] = field(default_factory=dict)
    changed_at: dict[str, datetime] = field(default_factory=dict)
    broken: dict[str, str] = field(default_factory=dict)
    acked: list[str] = field(default_factory=list)
    pushes: list[StatusPush] = field(default_factory=list)
    fetched: list[str] = field(default_factory=list)
    remapped: list[str] = field(default_factory=list)
    page_size: int = 2
    fail_after_pages: int | None = None
    before_page: Callable[[int], None] | None = None
    """Called with each page's number (from 0) before the page is served: to hold a sync up."""

    def put(self, order: ChannelOrder, at: datetime) -> None:
        self.orders[order.external_id] = order
        self.changed_at[order.external_id] = at


def channel_order(
    external_id: str,
    status: OrderStatus = OrderStatus.PAID,
    price: str = "10.00",
    buyer: str | None = "buyer-1",
    email: str | None = "buyer@example.com",
) -> ChannelOrder:
    return ChannelOrder(
        external_id=external_id,
        status=status,
        currency="EUR",
        lines=[OrderLine(sku="SKU-1", title="Ding", quantity=2, unit_price=Decimal(price))],
        shipping_cost=Decimal("4.90"),
        buyer=ChannelBuyer(external_id=buyer, email=email, name="Bea Buyer"),
        placed_at=datetime(2026, 11, 1, 12, 0, tzinfo=UTC),
    )


class FakeChannel:
    def __init__(self, shop: FakeShop) -> None:
        self.shop = shop

    def pull(self, window: PullWindow, checkpoint: Mapping[str, Any] | None) -> Iterator[PulledPage]:
        ids = sorted(e for e, at in self.shop.changed_at.items() if window.start <= at <= window.end)
        ids += sorted(e for e in self.shop.broken if e not in ids)
        start = int((checkpoint or {}).get("done", 0))
        for n, offset in enumerate(range(start, len(ids), self.shop.page_size)):
            if self.shop.fail_after_pages is not None and n >= self.shop.fail_after_pages:
                raise RetryableChannelError("fake shop is down")
            if self.shop.before_page is not None:
                self.shop.before_page(n)
            chunk = ids[offset : offset + self.shop.page_size]
            yield PulledPage(
                orders=[
                    PulledOrder(order=self.shop.orders[e], receipt=e) for e in chunk if e in self.shop.orders
                ],
                failures=[
                    PullFailure(external_id=e, reason=self.shop.broken[e], raw={"id": e})
                    for e in chunk
                    if e in self.shop.broken
                ],
                checkpoint={"done": offset + len(chunk)},
            )

    def acknowledge(self, receipts: list[str]) -> None:
        self.shop.acked += receipts

    def push(self, change: StatusPush) -> PushOutcome:
        self.shop.pushes.append(change)
        return PushOutcome(delivered=True, reference=f"ref-{len(self.shop.pushes)}")

    def close(self) -> None:
        pass


class _Rereading(FakeChannel):
    def _page(self, external_ids: list[str]) -> PulledPage:
        """What the shop holds now for these ids: orders, or failures for the still broken ones."""
        return PulledPage(
            orders=[
                PulledOrder(order=self.shop.orders[e], receipt=e)
                for e in external_ids
                if e in self.shop.orders
            ],
            failures=[
                PullFailure(external_id=e, reason=self.shop.broken[e], raw={"id": e})
                for e in external_ids
                if e in self.shop.broken and e not in self.shop.orders
            ],
        )


class FetchingFakeChannel(_Rereading):
    """Offers ``FetchesOrders``: reads orders again by their ids."""

    def fetch_orders(self, external_ids: list[str]) -> Iterator[PulledPage]:
        self.shop.fetched += external_ids
        yield self._page(external_ids)


class RemappingFakeChannel(_Rereading):
    """Offers ``RemapsOrders``: a stored payload ``{"id": ...}`` maps once the shop holds that order."""

    def remap_orders(self, entries: list[tuple[str, Any]]) -> Iterator[PulledPage]:
        self.shop.remapped += [external_id for external_id, _ in entries]
        yield self._page([raw["id"] for _, raw in entries])


class FakeKind:
    name = "fake"
    settings_model = FakeSettings
    pulls_by_time = True

    def __init__(self, channel: type[FakeChannel] = FakeChannel) -> None:
        """``channel``: FakeChannel, or FetchingFakeChannel / RemappingFakeChannel for a capability."""
        self.shops: dict[str, FakeShop] = {}
        self.channel = channel

    def shop(self, name: str = "main") -> FakeShop:
        return self.shops.setdefault(name, FakeShop())

    def open(self, settings: BaseModel, context: ChannelContext) -> FakeChannel:
        assert isinstance(settings, FakeSettings)
        return self.channel(self.shop(settings.shop))


def registry_with(kind: FakeKind) -> KindRegistry:
    return KindRegistry(kinds={"fake": kind}, origins={"fake": "tests"})
