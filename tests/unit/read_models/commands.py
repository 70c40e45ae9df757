"""Random command sequences for the read-model property tests, and a runner that plays them.

Commands go through the real use cases (ordering, channel intake) on an in-memory store; what a
use case refuses (an illegal status change) is simply skipped, as a user would see a 409.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from hypothesis import strategies as st

from adapters.persistence.sequences import SqlNumberSequence
from application.commands import AddNote, ChangeOrderStatus, OrderDraft, PlaceImmediateOrder, RegisterCustomer
from application.customer_matching import CustomerMatcher
from application.intake import ChannelIntake
from domain.address import Address
from domain.channel import Channel, SyncSummary
from domain.channel_order import ChannelBuyer, ChannelOrder
from domain.customer import Contact, Customer
from domain.errors import DomainError
from domain.order import Order
from domain.order_line import Adjustment, OrderLine
from domain.status import SETTABLE_HERE, OrderStatus
from entrypoints.bootstrap import Services
from ports.channels import PulledOrder

EMAILS = ["a@example.com", "b@example.com", "c@example.com", None]
CHANNELS = ["shop-a", "shop-b"]
PLACED = datetime(2026, 10, 30, 8, 0, tzinfo=UTC)
ADDRESS = {"name": "Anna", "street": "Weg 1", "postal_code": "10115", "city": "Berlin", "country_code": "DE"}

lines = st.lists(
    st.builds(
        OrderLine,
        title=st.sampled_from(["Tasse", "Teller"]),
        quantity=st.integers(1, 5),
        unit_price=st.integers(0, 100_000).map(lambda c: Decimal(c).scaleb(-2)),
    ),
    min_size=1,
    max_size=3,
)
money = st.integers(0, 2_000).map(lambda c: Decimal(c).scaleb(-2))
currencies = st.sampled_from(["EUR", "GBP"])
channel_orders = st.builds(
    lambda ext, status, cur, ls, ship, coupon, minutes, buyer, number, city: ChannelOrder(
        external_id=ext,
        external_number=number,
        status=status,
        currency=cur,
        lines=ls,
        shipping_cost=ship,
        adjustments=[Adjustment(kind="coupon", title="Gutschein", amount=-coupon)] if coupon else [],
        buyer=ChannelBuyer(external_id=f"buyer-{ext}", email=None, name=buyer),
        shipping_address={**ADDRESS, "city": city} if city else None,
        placed_at=PLACED + timedelta(minutes=minutes, microseconds=minutes * 7),
    ),
    st.sampled_from(["E1", "E2", "E3"]),
    st.sampled_from(list(OrderStatus)),
    currencies,
    lines,
    money,
    money,
    st.integers(0, 5000),
    st.sampled_from(["Bea", "Jürgen Müller-Straße"]),
    st.sampled_from([None, "B01004"]),
    st.sampled_from([None, "Köln", "Weißwasser"]),
)


commands = st.lists(
    st.one_of(
        st.tuples(st.just("immediate"), st.sampled_from(EMAILS), currencies, lines, money),
        st.tuples(st.just("customer_order"), st.integers(0, 20), currencies, lines, money),
        st.tuples(st.just("status"), st.integers(0, 50), st.sampled_from(sorted(SETTABLE_HERE))),
        st.tuples(st.just("import"), st.sampled_from(CHANNELS), channel_orders),
        st.tuples(st.just("details"), st.integers(0, 50), lines, money),
        st.tuples(st.just("confirm"), st.integers(0, 50), st.booleans()),
        st.tuples(st.just("contact"), st.integers(0, 20), st.sampled_from(["Neu", "Anders"])),
        st.tuples(st.just("synced"), st.sampled_from(CHANNELS), st.integers(0, 9), st.booleans()),
        st.tuples(st.just("clock"), st.integers(1, 200_000)),
        st.tuples(st.just("note"), st.integers(0, 50)),
        st.tuples(st.just("address"), st.integers(0, 50), st.sampled_from(["Weg 2", "Gasse 3"])),
        st.tuples(st.just("registered_again"), st.sampled_from(CHANNELS)),
    ),
    max_size=25,
)


@dataclass
class Player:
    services: Services
    clock: Any
    orders: list[UUID] = field(default_factory=list)
    channels: set[str] = field(default_factory=set)

    def play(self, command: tuple[Any, ...]) -> None:
        with contextlib.suppress(DomainError):  # refused, as the API would answer 409/422
            getattr(self, f"_{command[0]}")(*command[1:])

    def _customers(self) -> list[UUID]:
        """Every customer so far, in order of first sight (immediate orders and imports make them)."""
        found: list[UUID] = [self.services.book.repository.get(o).customer_id for o in self.orders]
        return list(dict.fromkeys(found))

    def _immediate(self, email: str | None, currency: str, ls: list[OrderLine], ship: Decimal) -> None:
        customer = RegisterCustomer(name="Kunde", email=email, billing_address=ADDRESS)  # type: ignore[arg-type]
        command = PlaceImmediateOrder(customer=customer, currency=currency, lines=ls, shipping_cost=ship)
        self.orders.append(self.services.ordering.place_immediate_order(command).id)

    def _customer_order(self, n: int, currency: str, ls: list[OrderLine], ship: Decimal) -> None:
        known = self._customers()
        if known:
            draft = OrderDraft(currency=currency, lines=ls, shipping_cost=ship)
            self.orders.append(self.services.ordering.place_customer_order(known[n % len(known)], draft).id)

    def _status(self, n: int, status: OrderStatus) -> None:
        if self.orders:
            reason = "storniert" if status is OrderStatus.CANCELLED else None
            self.services.ordering.change_status(
                self.orders[n % len(self.orders)], ChangeOrderStatus(status=status, reason=reason)
            )

    def _import(self, channel: str, order: ChannelOrder) -> None:
        book, numbers = self.services.book, SqlNumberSequence(self.services.db)
        intake = ChannelIntake(book, numbers, CustomerMatcher(book, numbers))
        result = intake.import_page(channel, "fake", [PulledOrder(order=order)], self.clock.now())
        if result.imported:
            self.orders.append(Order.channel_order_id(channel, order.external_id))

    def _details(self, n: int, ls: list[OrderLine], ship: Decimal) -> None:
        """The channel reports other lines and shipping of an order it sent, in the same status."""
        imported = [o for o in self.orders if self.services.book.repository.get(o).is_channel_order]
        if imported:
            order: Order = self.services.book.repository.get(imported[n % len(imported)])
            assert order.channel is not None and order.channel_content is not None
            city = "München" if ship > Decimal("10.00") else "Kiel"  # the buyer moved, sometimes
            address = Address.model_validate({**ADDRESS, "city": city})
            update = {
                "lines": ls,
                "shipping_cost": ship,
                "shipping_address": address,
                "external_number": "B7",
            }
            reported = order.channel_content.model_copy(update=update)
            self._import(order.channel, reported)

    def _confirm(self, n: int, accept: bool) -> None:
        if not self.orders:
            return
        order: Order = self.services.book.repository.get(self.orders[n % len(self.orders)])
        if order.pending_pushes:
            push_id = sorted(order.pending_pushes)[0]
            if accept:
                order.confirm_push(push_id, "ref", self.clock.now())
            else:
                order.reject_push(push_id, "unknown line", self.clock.now())
            self.services.book.save(order)

    def _contact(self, n: int, name: str) -> None:
        known = self._customers()
        if known:
            customer: Customer = self.services.book.repository.get(known[n % len(known)])
            changed = Contact(
                name=f"{name} {customer.contact.name}"[:200],
                email=customer.contact.email,
                company="ACME" if name == "Neu" else None,
            )
            customer.change_contact(changed, self.clock.now())
            self.services.book.save(customer)

    def _synced(self, channel: str, fetched: int, complete: bool) -> None:
        book, now = self.services.book, self.clock.now()
        if channel not in self.channels:
            book.save(
                Channel.register(
                    name=channel, kind="fake", public_settings={}, sync_interval_seconds=None, now=now
                )
            )
            self.channels.add(channel)
        record: Channel = book.repository.get(Channel.id_for(channel))
        summary = SyncSummary(
            fetched=fetched,
            imported=fetched // 2,
            complete=complete,
            error=None if complete else "shop unreachable: retry later",
        )
        record.record_sync(started_at=now - timedelta(seconds=3), summary=summary, watermark=now, now=now)
        book.save(record)

    def _note(self, n: int) -> None:
        if self.orders:
            self.services.ordering.add_note(self.orders[n % len(self.orders)], AddNote(text="angerufen"))

    def _address(self, n: int, street: str) -> None:
        if self.orders:
            address = Address.model_validate({**ADDRESS, "street": street})
            self.services.ordering.correct_shipping_address(self.orders[n % len(self.orders)], address)

    def _registered_again(self, channel: str) -> None:
        """The channel is removed and a new one takes its name (its sync log starts empty)."""
        if channel in self.channels:
            book, now = self.services.book, self.clock.now()
            record: Channel = book.repository.get(Channel.id_for(channel))
            record.remove(now)
            record.register_again(kind="fake", public_settings={}, sync_interval_seconds=None, now=now)
            book.save(record)

    def _clock(self, seconds: int) -> None:
        moment = self.clock.advance(seconds=seconds, microseconds=seconds % 999)
        if seconds % 3 == 0:  # a whole second is stored without a fraction ("...:05Z")
            self.clock.set(moment.replace(microsecond=0))
