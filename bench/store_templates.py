"""Template orders and customers for bench/order_store.py: built with the real aggregates, stored
with the application's mapper, so every copied event is one orderhub itself would have written.

The mix: 70 % channel imports (eBay, Amazon, a shop; one to three lines, some with a coupon), 30 %
immediate orders; about a third changed status here, a fifth synced again with a new status.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import orjson

from application.aggregate_store import AggregateStore
from domain.address import Address
from domain.channel_order import ChannelBuyer, ChannelOrder
from domain.customer import Contact, Customer
from domain.eventsourced import Aggregate
from domain.order import Order
from domain.order_line import Adjustment, OrderLine, Tracking
from domain.status import OrderStatus
from ports.personal_keys import SAVING, SavedSubjects

NOW = datetime(2024, 1, 1, tzinfo=UTC)
CHANNELS = (("ebay-de", "ebay"), ("amazon-de", "amazon"), ("shop", "jtl-shop"))
FIRST_NAMES = (
    "Jürgen", "Anna", "Erika", "Hans-Peter", "Sören", "Zoë", "Mehmet", "Łukasz", "Marie", "Jörg", "Lena",
    "Ömer", "Björn", "Katrin", "Uwe", "Sabine", "Thomas", "Gülşen", "René", "Frauke",
)  # fmt: skip
LAST_NAMES = (
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
    "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
    "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier",
    "Lehmann", "Schmid", "Schulze", "Maier", "Köhler", "Herrmann", "König", "Walter", "Mayer", "Huber",
)  # fmt: skip
CITIES = (
    ("10115", "Berlin"), ("20095", "Hamburg"), ("80331", "München"), ("50667", "Köln"),
    ("60311", "Frankfurt am Main"), ("70173", "Stuttgart"), ("40213", "Düsseldorf"), ("04109", "Leipzig"),
    ("44135", "Dortmund"), ("45127", "Essen"), ("28195", "Bremen"), ("01067", "Dresden"),
    ("30159", "Hannover"), ("90402", "Nürnberg"), ("47051", "Duisburg"), ("44787", "Bochum"),
    ("42103", "Wuppertal"), ("33602", "Bielefeld"), ("53111", "Bonn"), ("48143", "Münster"),
)  # fmt: skip
STREETS = (
    "Hauptstraße",
    "Schulstraße",
    "Gartenweg",
    "Bahnhofstraße",
    "Dorfstraße",
    "Lindenallee",
    "Am Markt",
)


def _address(rng: random.Random) -> Address:
    """A buyer's address: the store's names, streets and cities vary as a merchant's do (search)."""
    postal_code, city = rng.choice(CITIES)
    return Address(
        name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        street=f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
        postal_code=postal_code,
        city=city,
        country_code="DE",
        phone=f"0{rng.randint(30, 9999)} {rng.randint(100000, 9999999)}",
    )


Stored = list[tuple[str, dict[str, Any], float]]


@dataclass
class Template:
    order: Stored
    customer: Stored
    channel: str | None = None
    kind: str | None = field(default=None, repr=False)


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


def _order(rng: random.Random, n: int, address: Address) -> tuple[Order, str | None]:
    customer_id = UUID(int=n + 1)
    if rng.random() < 0.3:
        order = Order.place(
            order_id=UUID(int=10**9 + n),
            number="ORD-0",
            customer_id=customer_id,
            source_kind="immediate",
            currency="EUR",
            lines=_lines(rng),
            shipping_cost=Decimal("4.90"),
            billing_address=address,
            shipping_address=address,
            note=None,
            now=NOW,
        )
        return order, None
    channel, kind = CHANNELS[n % len(CHANNELS)]
    coupon = (
        [Adjustment(kind="coupon", title="Gutschein", amount=Decimal("-5.00"))] if rng.random() < 0.2 else []
    )
    reported = ChannelOrder(
        external_id=f"{channel}-t{n}",
        status=rng.choice((OrderStatus.PENDING, OrderStatus.OPEN, OrderStatus.PAID)),
        currency="EUR" if rng.random() < 0.9 else "GBP",
        lines=_lines(rng),
        shipping_cost=Decimal("4.90"),
        adjustments=coupon,
        external_number=f"B{n:05d}" if kind == "jtl-shop" else None,
        buyer=ChannelBuyer(external_id=f"buyer-{n}", email=f"b{n}@example.com", name=address.name),
        billing_address=address,
        shipping_address=address,
        placed_at=NOW,
    )
    order = Order.import_from_channel(
        channel=channel,
        channel_kind=kind,
        number="ORD-0",
        customer_id=customer_id,
        order=reported,
        receipt=None,
        now=NOW,
    )
    return order, channel


def _later(rng: random.Random, order: Order, address: Address) -> None:
    later = NOW + timedelta(hours=rng.randint(1, 72))
    if rng.random() < 0.35:
        status = rng.choice((OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.CANCELLED))
        if order.status.rank < status.rank and order.status is not OrderStatus.CANCELLED:
            tracking = (
                Tracking(carrier="DHL", number=f"00340434{rng.randrange(10**10)}")
                if status == "shipped"
                else None
            )
            reason = "Kunde hat storniert" if status is OrderStatus.CANCELLED else None
            order.change_status(status, tracking=tracking, reason=reason, now=later)
    if order.is_channel_order and rng.random() < 0.2:
        reported = ChannelOrder(
            external_id=order.external_id or "",
            status=OrderStatus.SHIPPED,
            currency=order.currency,
            lines=order.lines,
            shipping_cost=order.shipping_cost,
            adjustments=order.adjustments,
            billing_address=address,
            shipping_address=address,
            placed_at=order.placed_at,
        )
        order.sync_from_channel(reported, None, later + timedelta(hours=1))


def _stored(book: AggregateStore, aggregate: Aggregate) -> Stored:
    """As ``AggregateStore.save`` would store them: personal data sealed under the template's
    subject's keys (each copy then opens with them; the crypto work per event is the same)."""
    events = aggregate.collect_events()
    first = events[0].timestamp
    stored = []
    subject = aggregate.data_subject()
    token = SAVING.set(SavedSubjects({aggregate.id: subject} if subject is not None else {}))
    try:
        for event in events:
            record = book.mapper.to_stored_event(event)
            offset = (event.timestamp - first).total_seconds()
            stored.append((record.topic, orjson.loads(record.state), offset))
    finally:
        SAVING.reset(token)
    return stored


def templates(book: AggregateStore, rng: random.Random, count: int = 2000) -> list[Template]:
    made = []
    for n in range(count):
        address = _address(rng)
        order, channel = _order(rng, n, address)
        _later(rng, order, address)
        email = f"{address.name.split()[0].lower()}.{n}@example.com"
        customer = Customer.register(
            customer_id=UUID(int=2 * 10**9 + n),
            number="CUS-0",
            contact=Contact(name=address.name, email=email, phone=address.phone, billing_address=address),
            now=NOW,
        )
        made.append(Template(_stored(book, order), _stored(book, customer), channel))
    return made
