"""Erasing a customer (GDPR Art. 17) inside an append-only event log.

Events are never changed: the customer's contact data is destroyed by destroying the key it is
sealed with (ports/personal_keys.py), and ``Customer.Erased`` records who erased it, when and why.
What the order documents must keep (names and addresses on orders, § 147 AO, § 257 HGB) is sealed
under other keys, which retention destroys when their period ends (application/retention.py);
until then it is restricted: shown to admins only.

The steps after recording the erasure (destroying the key, scrubbing the read models, the cached
reads and the database files) change nothing that can be seen twice, so erasing an erased customer
records nothing and does them again: an erasure that failed half-way is finished by asking again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from uuid import UUID

from application.aggregate_store import AggregateStore
from application.customer_matching import CustomerMatcher, keys_in_history
from application.unit_of_work import Decision, retrying
from domain.customer import Customer
from domain.errors import CustomerNotFoundError, OrderStillOpenError
from domain.order import Order
from domain.privacy import document_year
from domain.retention import last_year_to_destroy
from domain.status import OrderStatus
from ports.clock import Clock
from ports.personal_keys import CONTACT, PersonalKeys
from ports.read_models import OrderFilter, Projections, ReadModelQueries

ERASED_FIELDS = (
    "name",
    "email",
    "phone",
    "company",
    "billing_address",
    "shipping_address",
    "channel_identities",
    "orders.buyer",
)
"""What erasure destroys at once: the customer record's contact data, its channel buyer ids, and
the buyer (id, e-mail, name, phone, company) that channels reported on its orders."""

CLOSED = frozenset({OrderStatus.SHIPPED, OrderStatus.CANCELLED})
"""An order in any other status is still open: it needs its customer's data to be fulfilled."""

PAGE = 500


@dataclass(frozen=True)
class RetainedOrder:
    """An order whose names and addresses are kept, restricted, until the end of ``until``."""

    order_id: UUID
    number: str
    until: date


@dataclass(frozen=True)
class ErasureReport:
    customer_id: UUID
    erased_at: datetime
    erased: list[str]
    retained: list[RetainedOrder]


def retained_until(year: int, retention_years: int) -> date:
    """The last day the order documents of ``year`` are kept."""
    return date(year + retention_years, 12, 31)


class Erasure:
    def __init__(
        self,
        book: AggregateStore,
        matcher: CustomerMatcher,
        read_models: ReadModelQueries,
        projections: Projections,
        keys: PersonalKeys,
        scrub_files: Callable[[], object],
        clock: Clock,
        *,
        retention_years: int,
        zone: tzinfo,
    ) -> None:
        """``scrub_files``: makes the database files forget what was overwritten or deleted (the
        freed pages of SQLite, its WAL); nothing to do where the store keeps no such copies."""
        self._book, self._matcher, self._read_models = book, matcher, read_models
        self._projections, self._keys, self._scrub_files, self._clock = projections, keys, scrub_files, clock
        self._retention_years, self._zone = retention_years, zone

    def erase(self, customer_id: UUID, reason: str) -> ErasureReport:
        """Unknown: ``CustomerNotFoundError``; an order still open: ``OrderStillOpenError``, and
        nothing happens. Erased already: the same report, nothing recorded."""

        def decide() -> Decision[tuple[Customer, list[Order]]]:
            customer = self._book.get(customer_id)
            if not isinstance(customer, Customer):
                raise CustomerNotFoundError(customer_id)
            orders = self._orders_of(customer_id)
            if customer.erased:
                return (customer, orders), []
            for order in orders:
                if order.status not in CLOSED:
                    raise OrderStillOpenError(customer_id, order.id, order.number, order.status)
            # Read before the contact key is gone: every key the customer was ever known by.
            keys = keys_in_history(self._book.events.get(customer_id))
            now = self._clock.now()
            claims = [c for c in self._matcher.claims_held(customer_id, keys) if c.release(now)]
            customer.erase(reason, now)
            return (customer, orders), [customer, *claims]

        customer, orders = retrying(self._book, f"the erasure of customer {customer_id}", decide)
        self.forget(customer_id, [order.id for order in orders])
        assert customer.erased_at is not None
        return ErasureReport(customer_id, customer.erased_at, list(ERASED_FIELDS), self._retained(orders))

    def forget(self, customer_id: UUID, order_ids: list[UUID]) -> None:
        """Everything after the recorded erasure: destroy the contact key (every copy of the contact
        data in events and snapshots), let the read models scrub their rows (they follow
        ``Customer.Erased``) and forget the search terms of the customer and its orders
        (``order_ids``, as the decision read them), drop cached reads, and scrub the database files."""
        self._keys.destroy(customer_id, [CONTACT])
        self._projections.catch_up()
        self._read_models.forget_search_terms(customer_id, order_ids)
        self._book.forget_reads()
        self._scrub_files()

    def _orders_of(self, customer_id: UUID) -> list[Order]:
        """The customer's orders as stored now (the list says which, the store their status)."""
        ids: list[UUID] = []
        while True:
            page = self._read_models.list_orders(
                OrderFilter(customer_id=customer_id, sort="created_at", limit=PAGE, offset=len(ids))
            )
            ids += [UUID(item["id"]) for item in page.items]
            if not page.items or len(ids) >= page.total:
                break
        found = self._book.get_many(ids) if ids else {}
        return [o for i in ids if isinstance(o := found.get(i), Order)]

    def _retained(self, orders: list[Order]) -> list[RetainedOrder]:
        """The orders whose documents are still kept (retention has not yet destroyed them)."""
        past = last_year_to_destroy(self._clock.now(), self._zone, self._retention_years)
        retained = []
        for order in orders:
            year = document_year(order.placed_at, self._zone)
            if year > past:
                retained.append(
                    RetainedOrder(order.id, order.number, retained_until(year, self._retention_years))
                )
        return retained
