"""Realistic CustomerOrder payloads for the JTL-Connector simulator (seeded: same seed, same shop).

Shaped like the WooCommerce connector's output: ``["endpointId", 0]`` identities, floats for money
and quantities, net ``price`` + ``vat`` + ``priceGross`` per item, coupons as negative items, guests
as ``g_<orderId>``, and ``totalSumGross`` equal to the sum of the items.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

BERLIN_SUMMER = timezone(timedelta(hours=2))
_CATALOG = [
    ("TASSE-01", "Kaffeetasse Steingut", "12.90", 19),
    ("TEE-GRUEN", "Grüner Tee Sencha 100 g", "7.49", 7),
    ("KANNE-1L", "Teekanne Glas 1 l", "29.95", 19),
    ("BUCH-KOCH", "Kochbuch Saisonal", "24.00", 7),
    ("FILTER-4", "Kaffeefilter Gr. 4 (80 St.)", "2.79", 19),
    ("BOHNEN-1K", "Espressobohnen 1 kg", "18.99", 7),
    ("MUEHLE-H", "Handmühle Keramikmahlwerk", "49.90", 19),
    ("DOSE-500", "Vorratsdose 500 ml", "9.95", 19),
]
_FIRST = ["Anna", "Jonas", "Lea", "Lukas", "Marie", "Paul", "Sophie", "Felix", "Emma", "Ben"]
_LAST = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker"]
_CITIES = [
    ("10115", "Berlin"),
    ("20095", "Hamburg"),
    ("80331", "München"),
    ("50667", "Köln"),
    ("1010", "Wien"),
]
_PAYMENTS = [("pm_paypal_standard", "completed"), ("pm_prepayment", "unpaid"), ("pm_invoice", "unpaid")]


def _money(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _net(gross: Decimal, vat: int) -> float:
    return float((gross / (1 + Decimal(vat) / 100)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


def item(
    kind: str, name: str, gross: str | Decimal, vat: int, quantity: float = 1.0, sku: str = ""
) -> dict[str, Any]:
    """One CustomerOrderItem; ``gross`` is the gross unit price (negative for coupons)."""
    value = Decimal(gross)
    return {
        "id": ["", 0],
        "productId": [sku.lower(), 0] if sku else ["", 0],
        "name": name,
        "sku": sku,
        "type": kind,
        "price": _net(value, vat),
        "priceGross": float(value),
        "vat": float(vat),
        "quantity": quantity,
        "note": "",
        "unique": "",
        "variations": [],
    }


@dataclass(frozen=True)
class Buyer:
    customer_id: str | None
    first: str
    last: str
    email: str
    street: str
    zip_code: str
    city: str
    country: str


def address(buyer: Buyer, prefix: str, order_id: str) -> dict[str, Any]:
    return {
        "id": [f"{prefix}_{order_id}", 0],
        "salutation": "",
        "firstName": buyer.first,
        "lastName": buyer.last,
        "company": "",
        "street": buyer.street,
        "extraAddressLine": "",
        "zipCode": buyer.zip_code,
        "city": buyer.city,
        "countryIso": buyer.country,
        "phone": "",
        "mobile": "",
        "eMail": buyer.email,
    }


def customer_order(
    order_id: str,
    buyer: Buyer,
    items: list[dict[str, Any]],
    created: datetime,
    status: str = "new",
    payment: tuple[str, str] = ("pm_prepayment", "unpaid"),
) -> dict[str, Any]:
    gross = sum((Decimal(repr(i["priceGross"])) * Decimal(repr(i["quantity"])) for i in items), Decimal(0))
    net = sum((Decimal(repr(i["price"])) * Decimal(repr(i["quantity"])) for i in items), Decimal(0))
    customer = buyer.customer_id or f"g_{order_id}"
    return {
        "id": [order_id, 0],
        "customerId": [customer, 0],
        "orderNumber": f"WC-{order_id}",
        "creationDate": created.astimezone(BERLIN_SUMMER).isoformat(timespec="seconds"),
        "currencyIso": "EUR",
        "languageISO": "ger",
        "status": status,
        "paymentStatus": payment[1],
        "paymentModuleCode": payment[0],
        "shippingMethodName": "DHL Paket",
        "totalSum": float(_money(net)),
        "totalSumGross": float(_money(gross)),
        "note": "",
        "customerNote": "",
        "attributes": [],
        "billingAddress": address(buyer, "b", order_id),
        "shippingAddress": address(buyer, "s", order_id),
        "items": items,
    }


def _buyer(rng: random.Random, number: int, guest: bool) -> Buyer:
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    zip_code, city = rng.choice(_CITIES)
    return Buyer(
        customer_id=None if guest else str(500 + number),
        first=first,
        last=last,
        email=f"{first}.{last}.{number}@example.org".lower().replace("ü", "ue"),
        street=f"{rng.choice(['Hauptstraße', 'Lindenweg', 'Gartenstraße'])} {rng.randint(1, 120)}",
        zip_code=zip_code,
        city=city,
        country="AT" if city == "Wien" else "DE",
    )


def generate_orders(
    count: int, seed: int = 0, first_id: int = 1000, start: datetime | None = None
) -> list[dict[str, Any]]:
    """``count`` orders with products, shipping, some coupons/discounts/surcharges, guests and repeat buyers."""
    rng = random.Random(seed)
    start = start or datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
    regulars = [_buyer(rng, n, guest=False) for n in range(max(1, count // 3))]
    orders = []
    for index in range(count):
        order_id = str(first_id + index)
        buyer = _buyer(rng, 10_000 + index, guest=True) if rng.random() < 0.25 else rng.choice(regulars)
        items = []
        for sku, name, gross, vat in rng.sample(_CATALOG, rng.randint(1, 3)):
            items.append(item("product", name, gross, vat, float(rng.randint(1, 3)), sku))
        subtotal = sum(Decimal(repr(i["priceGross"])) * Decimal(repr(i["quantity"])) for i in items)
        items.append(item("shipping", "DHL Paket", "0.00" if subtotal >= 50 else "4.90", 19))
        roll = rng.random()
        if roll < 0.2:
            items.append(item("coupon", "Gutschein WILLKOMMEN5", "-5.00", 19))
        elif roll < 0.3:
            items.append(item("discount", "Treuerabatt", str(-_money(subtotal * Decimal("0.03"))), 19))
        elif roll < 0.4:
            items.append(item("surcharge", "Nachnahmegebühr", "2.00", 19))
        status = rng.choices(["new", "shipped", "cancelled"], weights=[90, 6, 4])[0]
        created = start + timedelta(minutes=7 * index)
        orders.append(customer_order(order_id, buyer, items, created, status, rng.choice(_PAYMENTS)))
    return orders


def malformed_order(order_id: str, problem: str, created: datetime) -> dict[str, Any]:
    """An order a careful importer must refuse: ``fractional_quantity``, ``total_mismatch``,
    ``bad_country`` or ``missing_date``."""
    buyer = Buyer("777", "Erika", "Mustermann", "erika@example.org", "Heidestraße 17", "51147", "Köln", "DE")
    items = [
        item("product", "Meterware Stoff", "8.50", 19, 1.5, "STOFF-M"),
        item("shipping", "DHL", "4.90", 19),
    ]
    if problem != "fractional_quantity":
        items[0]["quantity"] = 2.0
    order = customer_order(order_id, buyer, items, created)
    if problem == "total_mismatch":
        order["totalSumGross"] = order["totalSumGross"] + 10.0
    elif problem == "bad_country":
        order["billingAddress"]["countryIso"] = "Deutschland"
    elif problem == "missing_date":
        order["creationDate"] = None
    elif problem != "fractional_quantity":
        raise ValueError(f"unknown problem {problem!r}")
    return order
