"""A JTL-Shop that speaks dbeS, in memory: for tests, benchmarks and ``orderhub demo``.

``sim = JtlShopSimulator(); sim.generate_orders(250)``; serve ``sim.app`` (e.g. with
``BackgroundServer``) and point a ``jtl-shop`` channel at it with ``sim.username``/``sim.password``.
Read what arrived with ``sim.order(k)``, ``sim.mails()``, ``sim.customer_view(number)``; inject
faults with ``fail_next``, ``misbehave_next``, ``corrupt_next_zip``, ``lose_next_acks``, ``break_order``, ``make_unmappable``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from itertools import count
from typing import Any

from fastapi import FastAPI
from starlette.responses import Response

from adapters.channels.jtl_shop import dbes_format as fmt
from simulators import hostile
from simulators.jtl_shop.http import create_app, customer_view
from simulators.jtl_shop.orders import OrderGenerator
from simulators.jtl_shop.state import (
    CannedAnswer,
    Payment,
    SentMail,
    ShopAddress,
    ShopClock,
    ShopOrder,
    ShopPosition,
    ShopState,
)

__all__ = ["JtlShopSimulator", "ShopAddress", "ShopOrder", "ShopPosition"]


class JtlShopSimulator:
    def __init__(
        self,
        username: str = "wawi",
        password: str = "secret",
        clock: ShopClock | None = None,
        seed: int = 0,
        timezone: str = "Europe/Berlin",
    ) -> None:
        self.state = ShopState(username=username, password=password, clock=clock, timezone=timezone)
        self.generator = OrderGenerator(seed)
        self._ids = count(1001)
        self._payment_ids = count(1)
        self.app: FastAPI = create_app(self.state)

    @property
    def username(self) -> str:
        return self.state.username

    @property
    def password(self) -> str:
        return self.state.password

    # -- orders -----------------------------------------------------------------------------------
    def next_order_id(self) -> int:
        return next(self._ids)

    def add_order(self, order: ShopOrder) -> ShopOrder:
        with self.state.lock:
            self.state.orders[order.order_id] = order
        return order

    def new_order(
        self,
        positions: list[ShopPosition],
        billing: ShopAddress,
        *,
        customer_id: int = 0,
        created: datetime | None = None,
        **fields: Any,
    ) -> ShopOrder:
        """Place an order as a shopper would (status offen, not fetched)."""
        order_id = self.next_order_id()
        order = ShopOrder(
            order_id=order_id,
            number=f"B{order_id:05d}",
            customer_id=customer_id,
            created=created or self.state.now(),
            billing=billing,
            positions=positions,
            **fields,
        )
        return self.add_order(order)

    def generate_orders(self, how_many: int, guest: bool | None = None) -> list[ShopOrder]:
        now = self.state.now()
        return [
            self.add_order(self.generator.order(self.next_order_id(), now, guest)) for _ in range(how_many)
        ]

    def order(self, order_id: int) -> ShopOrder:
        with self.state.lock:
            return self.state.orders[order_id]

    def orders(self) -> list[ShopOrder]:
        with self.state.lock:
            return sorted(self.state.orders.values(), key=lambda o: o.order_id)

    def unfetched(self) -> list[ShopOrder]:
        return [o for o in self.orders() if not o.fetched]

    def customer_view(self, number: str) -> dict[str, Any] | None:
        return customer_view(self.state, number)

    # -- payments (tzahlungseingang) -----------------------------------------------------------------
    def add_payment(self, order_id: int, amount: str, provider: str = "PayPal") -> Payment:
        payment = Payment(next(self._payment_ids), order_id, provider, amount, self.state.now())
        with self.state.lock:
            self.state.payments[payment.payment_id] = payment
        return payment

    # -- what the Wawi did ---------------------------------------------------------------------------
    def mails(self, order_id: int | None = None, template: str | None = None) -> list[SentMail]:
        with self.state.lock:
            return [
                m
                for m in self.state.mails
                if (order_id is None or m.order_id == order_id)
                and (template is None or m.template == template)
            ]

    def requests(self, handler: str | None = None) -> list[dict[str, Any]]:
        with self.state.lock:
            return [details for name, details in self.state.requests if handler in (None, name)]

    # -- faults ----------------------------------------------------------------------------------------
    def fail_next(
        self,
        body: str | bytes,
        *,
        status: int = 200,
        handler: str | None = None,
        times: int = 1,
        content_type: str = "text/plain",
    ) -> None:
        """Answer the next ``times`` calls (of ``handler``, or any) with this instead, before auth."""
        raw = body.encode() if isinstance(body, str) else body
        with self.state.lock:
            self.state.canned.extend(CannedAnswer(handler, status, raw, content_type) for _ in range(times))

    def misbehave_next(
        self, kind: str, *, handler: str | None = "GetBestellungen_xml", size: int = 0, seconds: float = 1.0
    ) -> None:
        """The next call answers like a hostile shop (simulators/hostile.py): ``zip-bomb`` (a zip whose
        data.xml unpacks to ``size`` bytes), ``entities`` (an order document of nested entities),
        ``huge`` (``size`` bytes of text), ``drip`` (``0``, one byte every ``seconds``)."""
        makers: dict[str, Callable[[], Response]] = {
            "zip-bomb": lambda: Response(hostile.zip_bomb(size), media_type="application/octet-stream"),
            "entities": lambda: Response(
                fmt.make_zip({"data.xml": hostile.entity_expansion()}), media_type="application/octet-stream"
            ),
            "huge": lambda: hostile.padded(size, b"0", media_type="text/plain"),
            "drip": lambda: hostile.drip(b"0" * 40, seconds, media_type="text/plain"),
        }
        with self.state.lock:
            self.state.canned.append(CannedAnswer(handler, 200, b"", "", make=makers[kind]))

    def corrupt_next_zip(self, times: int = 1) -> None:
        with self.state.lock:
            self.state.corrupt_zips += times

    def lose_next_acks(self, times: int = 1) -> None:
        """The next ack is answered ``0`` but never applied: the orders are served again."""
        with self.state.lock:
            self.state.lost_acks += times

    def break_order(self, order_id: int) -> None:
        """Export this order with text the shop failed to escape: its XML cannot be parsed."""
        with self.state.lock:
            self.state.orders[order_id].broken_xml = True

    def make_unmappable(self, order_id: int) -> None:
        """Give the order a billing country nobody knows (parses, cannot be mapped)."""
        with self.state.lock:
            order = self.state.orders[order_id]
            order.billing = replace(order.billing, country_iso="QQ")

    def repair_order(self, order_id: int, country_iso: str = "DE") -> None:
        with self.state.lock:
            order = self.state.orders[order_id]
            order.broken_xml = False
            order.billing = replace(order.billing, country_iso=country_iso)
