"""Realistic random shop orders from a seed: umlauts, guests, coupons, several tax rates, shipping.

Prices are set gross (as a B2C shop does) and stored net as the float text MySQL returns, so the
same rounding questions arise as with a real shop; some orders are net-priced (B2B).
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal

from simulators.jtl_shop.state import ShopAddress, ShopOrder, ShopPosition

FIRST = [
    "Jürgen",
    "Käthe",
    "Björn",
    "Sören",
    "Özlem",
    "Anna",
    "Lukas",
    "Grete",
    "Ulrike",
    "Zoë",
    "François",
    "Maëlle",
]
LAST = ["Müller", "Schäfer", "Groß", "Weiß", "Köhler", "Bäcker", "Öztürk", "Schmidt", "Hoffmann", "Lindström"]
STREETS = ["Hauptstraße", "Königsallee", "Am Bärenzwinger", "Schloßweg", "Über den Höfen", "Lindenstraße"]
PLACES = [
    ("DE", "10115", "Berlin"), ("DE", "80331", "München"), ("DE", "50667", "Köln"), ("DE", "01067", "Dresden"),
    ("DE", "97070", "Würzburg"), ("AT", "1010", "Wien"), ("CH", "8001", "Zürich"), ("NL", "1012 AB", "Amsterdam"),
    ("FR", "75001", "Paris"), ("GB", "SW1A 1AA", "London"), ("DK", "8000", "Århus"),
]  # fmt: skip
PRODUCTS = [
    ("TASSE-01", "Kaffeetasse „Grüße aus Köln“", "12.90", "19", []),
    ("BUCH-17", "Buch: Die Blechtrommel", "24.00", "7", []),
    ("TEE-05", "Früchtetee Bio 250 g", "6.49", "7", []),
    ("SHIRT-1", "T-Shirt Bärenstark", "19.99", "19", [("Größe", "M"), ("Farbe", "Grün")]),
    ("SCHAL-3", "Wollschal, handgestrickt", "34.95", "19", []),
    ("ZEIT-2", "Zeitschrift Öko-Test", "5.90", "7", []),
    ("EBOOK-9", "E-Book Märchen (Download)", "9.99", "19", []),
]  # fmt: skip
COMMENTS = [
    "Bitte beim Nachbarn abgeben.",
    "Geschenk – bitte ohne Rechnung im Paket!",
    "Lieferung nach 17 Uhr, danke 😊",
]


def net_text(gross: Decimal, tax_rate: str) -> str:
    """The net price as a shop stores it: gross / (1 + rate) in a DOUBLE, printed shortest-round-trip."""
    return repr(float(gross) / (1 + float(tax_rate) / 100))


def _address(rng: random.Random, email: str) -> ShopAddress:
    iso, postcode, city = rng.choice(PLACES)
    company = rng.choice(["", "", "", "Bäckerei Groß GmbH", "Müller & Söhne KG"])
    return ShopAddress(
        first_name=rng.choice(FIRST),
        last_name=rng.choice(LAST),
        street=f"{rng.choice(STREETS)} {rng.randint(1, 120)}{rng.choice(['', '', 'a'])}",
        postal_code=postcode,
        city=city,
        country_iso=iso,
        company=company,
        salutation=rng.choice(["Herr", "Frau", ""]),
        extra=rng.choice(["", "", "3. OG links"]),
        phone=rng.choice(["", "+49 30 1234567"]),
        email=email,
    )


class OrderGenerator:
    """``OrderGenerator(seed).order(order_id, now)``; registered customers recur across orders."""

    def __init__(self, seed: int = 0, customers: int = 20) -> None:
        self.rng = random.Random(seed)
        self.customers = {k: _address(self.rng, f"kunde{k}@example.de") for k in range(1, customers + 1)}

    def _positions(self, net_priced: bool) -> list[ShopPosition]:
        rng, positions = self.rng, []
        for sku, name, gross, rate, variations in rng.sample(PRODUCTS, rng.randint(1, 4)):
            quantity = str(rng.choice([1, 1, 1, 2, 3]))
            # B2B groups see net prices with four places; B2C prices are gross, stored net.
            net = (Decimal(gross) / Decimal("1.19")).quantize(Decimal("0.0001")) if net_priced else None
            price = str(net) if net is not None else net_text(Decimal(gross), rate)
            positions.append(
                ShopPosition(name, price, rate, quantity, 1, sku, "Stk.", rng.randint(1, 999), variations)
            )
        if rng.random() < 0.05:
            positions.append(ShopPosition("Baumwollstoff „Blümchen“", net_text(Decimal("8.00"), "19"), "19", "1.5", 1,
                                          "STOFF-M", "m"))  # fmt: skip
        top = max(positions, key=lambda p: Decimal(p.tax_rate)).tax_rate  # shipping takes the highest rate
        if rng.random() < 0.85:
            positions.append(
                ShopPosition("Versand: DHL Paket", net_text(Decimal("4.90"), top), top, pos_type=2)
            )
        if rng.random() < 0.2:
            positions.append(
                ShopPosition("Kupon: SOMMER5", net_text(Decimal("-5.00"), "19"), "19", pos_type=3)
            )
        if rng.random() < 0.1:
            positions.append(
                ShopPosition("Nachnahmegebühr", net_text(Decimal("4.00"), "19"), "19", pos_type=8)
            )
        if rng.random() < 0.05:
            positions.append(
                ShopPosition("Geschenkverpackung", net_text(Decimal("2.50"), "19"), "19", pos_type=10)
            )
        return positions

    def order(self, order_id: int, now: datetime, guest: bool | None = None) -> ShopOrder:
        rng = self.rng
        guest = rng.random() < 0.25 if guest is None else guest
        customer_id = 0 if guest else rng.choice(list(self.customers))
        billing = (
            _address(rng, f"gast{order_id}@example.org") if guest else replace(self.customers[customer_id])
        )
        shipping = _address(rng, "") if rng.random() < 0.3 else None
        return ShopOrder(
            order_id=order_id,
            number=f"B{order_id:05d}",
            customer_id=customer_id,
            created=now - timedelta(minutes=rng.randint(1, 60 * 24 * 20), seconds=rng.randint(0, 59)),
            billing=billing,
            shipping=shipping,
            positions=self._positions(net_priced=rng.random() < 0.1),
            status=3 if rng.random() < 0.15 else 1,
            payment_method=rng.choice(["Vorkasse", "PayPal", "Rechnung", "Nachnahme"]),
            comment=rng.choice(COMMENTS) if rng.random() < 0.2 else "",
        )
