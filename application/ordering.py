"""Use cases for orders placed here: immediate orders, customer orders, status changes."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID, uuid4

from application.acting import current_actor
from application.aggregate_store import AggregateStore
from application.commands import AddNote, ChangeOrderStatus, OrderDraft, PlaceImmediateOrder, RegisterCustomer
from application.customer_matching import CustomerMatcher
from application.idempotency import IdempotencyKeyReusedError, OrderAlreadyPlacedError, RequestKey
from application.unit_of_work import Decision, retrying
from domain.address import Address
from domain.customer import Contact, Customer
from domain.errors import CustomerNotFoundError, OrderNotFoundError
from domain.order import Order, PlacedHere
from ports.clock import Clock
from ports.numbering import NumberSequence

ORDER_SEQUENCE = "order"


def order_number(n: int) -> str:
    return f"ORD-{n}"


def contact_of(data: RegisterCustomer) -> Contact:
    return Contact(
        name=data.name,
        email=data.email,
        phone=data.phone,
        company=data.company,
        billing_address=data.billing_address,
        shipping_address=data.shipping_address,
    )


class Ordering:
    def __init__(
        self, book: AggregateStore, numbers: NumberSequence, matcher: CustomerMatcher, clock: Clock
    ) -> None:
        self._book, self._numbers, self._matcher, self._clock = book, numbers, matcher, clock

    def place_immediate_order(self, command: PlaceImmediateOrder, request: RequestKey | None = None) -> Order:
        """``request``: the Idempotency-Key it came with (see ``placed_before``); raises
        ``OrderAlreadyPlacedError`` when a concurrent request with that key placed it first."""
        if command.customer_id is not None:
            return self.place_customer_order(command.customer_id, command, "immediate", request)
        assert command.customer is not None
        contact = contact_of(command.customer)

        def decide() -> Decision[Order]:
            # Again after a collision: a concurrent request may have claimed this e-mail meanwhile.
            resolution = self._matcher.for_new_data(contact, self._clock.now())
            order = self._new_order(command, resolution.customer_id, contact, "immediate", request)
            return order, [*resolution.to_save, order]

        return retrying(
            self._book,
            "the new order's customer",
            decide,
            on_collision=lambda: self._check_not_placed(request),
        )

    def place_customer_order(
        self,
        customer_id: UUID,
        draft: OrderDraft,
        source_kind: PlacedHere = "customer",
        request: RequestKey | None = None,
    ) -> Order:
        def decide() -> Decision[Order]:
            customer = self._book.get(customer_id)
            if not isinstance(customer, Customer):
                raise CustomerNotFoundError(customer_id)
            order = self._new_order(draft, customer.id, customer.contact, source_kind, request)
            return order, [order]

        return retrying(
            self._book,
            f"the new order of customer {customer_id}",
            decide,
            on_collision=lambda: self._check_not_placed(request),
        )

    def placed_once(self, request: RequestKey | None, place: Callable[[], Order]) -> tuple[Order, bool]:
        """``place()`` (one of the placing methods, given ``request``), unless a request with the same
        Idempotency-Key placed the order already, maybe at this very moment: then that order, and True
        (the answer replays the first one)."""
        if request is not None and (earlier := self.placed_before(request)) is not None:
            return earlier, True
        try:
            return place(), False
        except OrderAlreadyPlacedError:  # a concurrent request with the same key came first
            assert request is not None
            earlier = self.placed_before(request)
            assert earlier is not None
            return earlier, True

    def placed_before(self, request: RequestKey) -> Order | None:
        """The order an earlier request with this Idempotency-Key placed, if any; raises
        ``IdempotencyKeyReusedError`` when that request was a different one."""
        order = self._book.get(request.order_id)
        if not isinstance(order, Order):
            return None
        if order.request_hash != request.fingerprint:
            raise IdempotencyKeyReusedError(request.key)
        return order

    def _check_not_placed(self, request: RequestKey | None) -> None:
        if request is not None and self._book.get(request.order_id) is not None:
            raise OrderAlreadyPlacedError(request.key)

    def change_status(self, order_id: UUID, command: ChangeOrderStatus) -> Order:
        def decide() -> Decision[Order]:  # again after a collision: on the state a sync left, say
            order = self._order(order_id)
            order.change_status(
                command.status,
                tracking=command.tracking,
                reason=command.reason,
                now=self._clock.now(),
                parcel=[(p.line, p.quantity) for p in command.lines] if command.lines else None,
            )
            return order, [order]

        return retrying(self._book, f"order {order_id}", decide)

    def add_note(self, order_id: UUID, command: AddNote) -> Order:
        def decide() -> Decision[Order]:
            order = self._order(order_id)
            order.add_note(command.text, current_actor(), self._clock.now())
            return order, [order]

        return retrying(self._book, f"order {order_id}", decide)

    def correct_shipping_address(self, order_id: UUID, address: Address) -> Order:
        """The same address again records nothing (and answers the order as it is)."""

        def decide() -> Decision[Order]:  # again after a collision: a sync may have shipped it meanwhile
            order = self._order(order_id)
            order.correct_shipping_address(address, self._clock.now())
            return order, [order]

        return retrying(self._book, f"order {order_id}", decide)

    def _order(self, order_id: UUID) -> Order:
        order = self._book.get(order_id)
        if not isinstance(order, Order):
            raise OrderNotFoundError(order_id)
        return order

    def _new_order(
        self,
        draft: OrderDraft,
        customer_id: UUID,
        addresses: Contact,
        source_kind: PlacedHere,
        request: RequestKey | None,
    ) -> Order:
        """Addresses: the order's own, else ``addresses``' (the customer data just typed in, or the
        customer's record); shipping falls back to billing."""
        number = order_number(self._numbers.next_numbers(ORDER_SEQUENCE, 1)[0])
        billing = draft.billing_address or addresses.billing_address
        shipping = draft.shipping_address or addresses.shipping_address or billing
        return Order.place(
            order_id=request.order_id if request is not None else uuid4(),
            number=number,
            customer_id=customer_id,
            source_kind=source_kind,
            currency=draft.currency,
            lines=list(draft.lines),
            shipping_cost=draft.shipping_cost,
            billing_address=billing,
            shipping_address=shipping,
            note=draft.note,
            now=self._clock.now(),
            request_hash=request.fingerprint if request is not None else None,
        )
