"""Fill an orderhub store with many realistic orders, fast, for the read-model benchmarks.

Orders are built with the real aggregates and saved in batches (the event log is what a real
store holds): 70% channel imports (two channels, one to three lines, some with a coupon), 30%
immediate orders; about a third change status here, a fifth are synced again with a new status.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from uuid import UUID

from application.order_book import OrderBook
from domain.address import Address
from domain.channel_order import ChannelBuyer, ChannelOrder
from domain.customer import Contact, Customer
from domain.eventsourced import Aggregate
from domain.order import Order
from domain.order_line import Adjustment, OrderLine
from domain.status import OrderStatus

START = datetime(2025, 1, 1, tzinfo=UTC)
CHANNELS = (("ebay-de", "ebay"), ("amazon-de", "amazon"))
ADDRESS = Address(
    name="Erika Muster", street="Hauptstr. 1", postal_code="10115", city="Berlin", country_code="DE"
)
STATUSES = (
    OrderStatus.PENDING,
    OrderStatus.OPEN,
    OrderStatus.PAID,
    OrderStatus.SHIPPED,
    OrderStatus.CANCELLED,
)


def _lines(rng: random.Random) -> list[OrderLine]:
    return [
        OrderLine(
            sku=f"SKU-{rng.randrange(5000)}",
            title=f"Artikel {rng.randrange(5000)}",
            quantity=rng.randint(1, 4),
            unit_price=Decimal(rng.randrange(100, 20000)) / 100,
            tax_rate=Decimal("19"),
        )
        for _ in range(rng.randint(1, 3))
    ]


def _order(rng: random.Random, n: int, customers: list[UUID], now: datetime) -> Order:
    customer = customers[rng.randrange(len(customers))]
    if rng.random() < 0.3:
        return Order.place(
            order_id=UUID(int=rng.getrandbits(128)),
            number=f"ORD-{n}",
            customer_id=customer,
            source_kind="immediate",
            currency="EUR",
            lines=_lines(rng),
            shipping_cost=Decimal("4.90"),
            billing_address=ADDRESS,
            shipping_address=ADDRESS,
            note=None,
            now=now,
        )
    channel, kind = CHANNELS[n % 2]
    coupon = (
        [Adjustment(kind="coupon", title="Gutschein", amount=Decimal("-5.00"))] if rng.random() < 0.2 else []
    )
    reported = ChannelOrder(
        external_id=f"{channel}-{n}",
        status=rng.choice(STATUSES[:3]),
        currency="EUR" if rng.random() < 0.9 else "GBP",
        lines=_lines(rng),
        shipping_cost=Decimal("4.90"),
        adjustments=coupon,
        buyer=ChannelBuyer(
            external_id=f"buyer-{rng.randrange(100000)}", email=f"b{n}@example.com", name="Erika"
        ),
        billing_address=ADDRESS,
        shipping_address=ADDRESS,
        placed_at=now - timedelta(minutes=5),
    )
    return Order.import_from_channel(
        channel=channel,
        channel_kind=kind,
        number=f"ORD-{n}",
        customer_id=customer,
        order=reported,
        receipt=None,
        now=now,
    )


def _later(rng: random.Random, order: Order, now: datetime) -> None:
    if rng.random() < 0.35:
        status = rng.choice((OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.CANCELLED))
        if order.status.rank < status.rank and order.status is not OrderStatus.CANCELLED:
            order.change_status(
                status, tracking=None, reason="bench" if status == "cancelled" else None, now=now
            )
    if order.is_channel_order and rng.random() < 0.2:
        previous = order.lines
        reported = ChannelOrder(
            external_id=order.external_id or "",
            status=OrderStatus.SHIPPED,
            currency=order.currency,
            lines=previous,
            shipping_cost=order.shipping_cost,
            adjustments=order.adjustments,
            billing_address=ADDRESS,
            shipping_address=ADDRESS,
            placed_at=order.placed_at,
        )
        order.sync_from_channel(reported, None, now)


def fill(book: OrderBook, orders: int, seed: int = 7, batch: int = 2000, report: bool = True) -> int:
    """Store ``orders`` orders (and a customer per five orders); returns the number of events."""
    rng = random.Random(seed)
    customers: list[UUID] = []
    events, n = 0, 0
    while n < orders:
        to_save: list[Aggregate] = []
        now = START + timedelta(seconds=30 * n)
        for _ in range(batch // 5):
            customer = Customer.register(
                customer_id=UUID(int=rng.getrandbits(128)),
                number=f"CUS-{len(customers)}",
                contact=Contact(name=f"Kunde {len(customers)}", email=f"k{len(customers)}@example.com"),
                now=now,
            )
            customers.append(customer.id)
            to_save.append(customer)
        for _ in range(min(batch, orders - n)):
            n += 1
            order = _order(rng, n, customers, START + timedelta(seconds=30 * n))
            _later(rng, order, START + timedelta(seconds=30 * n + 60))
            to_save.append(order)
        recordings = book.save(*to_save)
        events += len(recordings)
        if report and n % 50_000 < batch:
            print(f"  {n} orders, {events} events", flush=True)
    return events
