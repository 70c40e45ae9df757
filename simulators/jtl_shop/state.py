"""The simulated shop's tables (tbestellung & co.) in memory, and the Python API tests and the demo use.

Prices are stored as the shop stores them: net per unit as the text MySQL returns for a DOUBLE,
with the tax rate beside it. Times are the shop's local wall time (naive), as in MySQL.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from adapters.channels.jtl_shop.amounts import gross_total, parse_decimal, shop_round

STATUS_TEXT = {
    -1: "storniert",
    1: "offen",
    2: "in Bearbeitung",
    3: "bezahlt",
    4: "versandt",
    5: "teilversandt",
}


class ShopClock(Protocol):
    def now(self) -> datetime: ...


@dataclass
class ShopPosition:
    name: str
    net_price: str
    """fPreis: net per unit incl. variation surcharges, as MySQL prints the DOUBLE."""
    tax_rate: str = "19"
    quantity: str = "1"
    pos_type: int = 1
    art_nr: str = ""
    unit: str = ""
    article_id: int = 0
    variations: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class ShopAddress:
    first_name: str
    last_name: str
    street: str
    postal_code: str
    city: str
    country_iso: str = "DE"
    company: str = ""
    salutation: str = "Herr"
    extra: str = ""
    phone: str = ""
    email: str = ""
    vat_id: str = ""


@dataclass
class Parcel:
    carrier: str
    ident_code: str
    url: str


@dataclass
class DeliveryNote:
    note_id: int
    number: str
    created: str
    email_sent: bool
    parcels: list[Parcel] = field(default_factory=list)


@dataclass
class ShopOrder:
    order_id: int
    number: str
    customer_id: int
    created: datetime
    billing: ShopAddress
    positions: list[ShopPosition]
    shipping: ShopAddress | None = None
    status: int = 1
    fetched: bool = False
    payment_method: str = "Vorkasse"
    comment: str = ""
    credit: str = "0"
    shipped_date: str | None = None
    tracking_code: str = ""
    carrier: str = ""
    tracking_url: str = ""
    shipping_info: str = ""
    paid_date: str | None = None
    notes: list[DeliveryNote] = field(default_factory=list)
    broken_xml: bool = False
    """Fault: export this order with an unescaped ``<`` and ``&`` so its XML cannot be parsed."""

    @property
    def gross_total(self) -> Decimal:
        """fGesamtsumme: what the shopper pays (positions gross, rounded once, minus store credit)."""
        exact = [
            (parse_decimal(p.net_price, "fPreis"), parse_decimal(p.quantity, "nAnzahl"), Decimal(p.tax_rate))
            for p in self.positions
        ]
        return gross_total(exact) - shop_round(abs(parse_decimal(self.credit, "fGuthaben")))


@dataclass
class SentMail:
    order_id: int
    number: str
    template: str
    """bestellung_versandt, bestellung_teilversandt, bestellung_bezahlt, bestellung_storno, bestellung_restorno."""
    to: str
    at: datetime


@dataclass
class Payment:
    payment_id: int
    order_id: int
    provider: str
    amount: str
    paid_at: datetime
    currency: str = "EUR"
    payer: str = ""
    fetched: bool = False


@dataclass
class CannedAnswer:
    handler: str | None
    status: int
    body: bytes
    content_type: str
    make: Callable[[], Any] | None = None
    """Builds the answer instead (a streamed one: simulators/hostile.py)."""


@dataclass
class ShopState:
    """All shop data behind one lock (the server thread and the test thread share it)."""

    username: str = "wawi"
    password: str = "secret"
    clock: ShopClock | None = None
    timezone: str = "Europe/Berlin"
    orders: dict[int, ShopOrder] = field(default_factory=dict)
    payments: dict[int, Payment] = field(default_factory=dict)
    mails: list[SentMail] = field(default_factory=list)
    requests: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    """(handler, details) of every authorised call, for tests asserting what the Wawi sent."""
    canned: list[CannedAnswer] = field(default_factory=list)
    corrupt_zips: int = 0
    lost_acks: int = 0
    lock: threading.RLock = field(default_factory=threading.RLock)

    def now(self) -> datetime:
        """The shop's local wall time, as MySQL's NOW() gives it."""
        moment = self.clock.now() if self.clock else datetime.now(UTC)
        return moment.astimezone(ZoneInfo(self.timezone)).replace(tzinfo=None)

    def order_by_number(self, number: str) -> ShopOrder | None:
        with self.lock:
            return next((o for o in self.orders.values() if o.number == number), None)

    def send_mail(self, order: ShopOrder, template: str) -> None:
        if order.billing.email:
            self.mails.append(
                SentMail(order.order_id, order.number, template, order.billing.email, self.now())
            )
