"""Seeded, realistic Amazon.de orders for ``orderhub demo``, benchmarks and tests."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from simulators.amazon.orders import SimItem, SimOrder
from simulators.amazon.shipments import add_package
from simulators.amazon.state import AmazonSimulatorState

CATALOG = [
    ("MUG-WHITE-330", "Kaffeebecher Porzellan weiß 330 ml", Decimal("12.99")),
    ("TEA-EARLGREY-100", "Earl Grey Tee lose 100 g", Decimal("6.49")),
    ("TOWEL-SET-4", "Handtuch-Set 4-teilig Baumwolle", Decimal("29.90")),
    ("LAMP-LED-E27", "LED-Lampe E27 warmweiß 9 W", Decimal("4.95")),
    ("CABLE-USBC-2M", "USB-C Ladekabel 2 m geflochten", Decimal("9.99")),
    ("BOARD-OAK-40", "Schneidebrett Eiche 40 x 25 cm", Decimal("34.50")),
    ("SOCKS-MERINO-43", "Merino-Socken Gr. 43-46, 3 Paar", Decimal("19.95")),
    ("PEN-FOUNTAIN-M", "Füllfederhalter Feder M", Decimal("24.00")),
]
FIRST = ["Anna", "Lukas", "Marie", "Jonas", "Sophie", "Felix", "Lena", "Paul", "Emma", "Leon"]
LAST = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann"]
CITIES = [
    ("10115", "Berlin"),
    ("20095", "Hamburg"),
    ("80331", "München"),
    ("50667", "Köln"),
    ("04109", "Leipzig"),
]
STREETS = ["Hauptstraße", "Gartenweg", "Bahnhofstraße", "Lindenallee", "Schulstraße", "Am Markt"]


def order_id(rng: random.Random) -> str:
    return f"30{rng.randint(2, 6)}-{rng.randint(0, 9_999_999):07d}-{rng.randint(0, 9_999_999):07d}"


def random_order(rng: random.Random, placed: datetime, status: str = "Unshipped") -> SimOrder:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    postal, city = rng.choice(CITIES)
    amazon_id = order_id(rng)
    items = []
    for index, (sku, title, unit) in enumerate(rng.sample(CATALOG, rng.randint(1, 3))):
        quantity = rng.choice([1, 1, 1, 2, 3])
        promo = Decimal("2.00") if rng.random() < 0.15 else Decimal("0.00")
        items.append(
            SimItem(
                order_item_id=f"{rng.randint(10**13, 10**14 - 1)}",
                sku=sku,
                title=title,
                quantity=quantity,
                item_price=unit * quantity,
                shipping_price=Decimal("4.90") if index == 0 else Decimal("0.00"),
                promotion_discount=promo,
                promotion_ids=["SPRING-2-OFF"] if promo else [],
                asin=f"B0{rng.randint(10**7, 10**8 - 1)}",
            )
        )
    if status in ("Shipped", "InvoiceUnconfirmed"):
        for item in items:
            item.quantity_shipped = item.quantity
    elif status == "Unshipped" and rng.random() < 0.05:
        for item in items:
            item.cancel_reason = "Bestellung versehentlich aufgegeben"
    return SimOrder(
        amazon_order_id=amazon_id,
        purchase_date=placed,
        last_update=placed + timedelta(minutes=rng.randint(0, 5)),
        items=items,
        status=status,
        buyer_email=f"{rng.getrandbits(48):012x}@marketplace.amazon.de",
        buyer_name=f"{first} {last}",
        address={
            "name": f"{first} {last}",
            "addressLine1": f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
            "postalCode": postal,
            "city": city,
            "countryCode": "DE",
            "phone": f"+49 30 {rng.randint(1000000, 9999999)}",
            "addressType": "RESIDENTIAL",
        },
        delivery_tip=Decimal("2.00") if rng.random() < 0.1 else Decimal("0.00"),
        order_discount=Decimal("1.50") if rng.random() < 0.1 else Decimal("0.00"),
        priced=status not in ("Pending", "PendingAvailability"),
    )


def _shipped_in_seller_central(order: SimOrder, rng: random.Random) -> SimOrder:
    if order.status == "Shipped":
        items = [{"orderItemId": i.order_item_id, "quantity": i.quantity} for i in order.items]
        add_package(
            order, "1", ("DHL", f"00340434{rng.randint(10**11, 10**12 - 1)}"), order.last_update, items
        )
    return order


def generate_orders(
    state: AmazonSimulatorState, count: int, seed: int = 1, pending_share: float = 0.2
) -> list[SimOrder]:
    """Add ``count`` orders placed over the last days (some Pending, some already shipped)."""
    rng = random.Random(seed)
    now = state.clock.now()
    made = []
    for _ in range(count):
        roll = rng.random()
        status = "Pending" if roll < pending_share else "Shipped" if roll > 0.9 else "Unshipped"
        placed = now - timedelta(minutes=rng.randint(10, 3 * 24 * 60))
        made.append(state.add_order(_shipped_in_seller_central(random_order(rng, placed, status), rng)))
    return made
