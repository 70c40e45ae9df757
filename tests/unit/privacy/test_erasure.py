"""Erasing a customer: what it records (who, when, why: never what), what it destroys, what it keeps."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import uuid4

import pytest

from application.acting import acting_as
from application.commands import OrderDraft
from domain.actor import Actor
from domain.customer import Customer, IdentityClaim
from domain.errors import CustomerErasedError, CustomerNotFoundError, OrderStillOpenError
from domain.order_line import OrderLine
from domain.status import OrderStatus
from ports.personal_keys import CONTACT, KeyRef, documents
from ports.read_models import CustomerFilter
from tests.unit.privacy.erasure_setup import BERLIN, NOW, shop

REASON = "request by letter of 2026-12-01"


def test_erasing_records_who_when_and_why_and_releases_the_e_mail() -> None:
    with shop() as s:
        order = s.place()
        s.ship(order.id)
        s.keys.key_for(KeyRef(order.customer_id, CONTACT))  # as the mapper makes it when sealing
        s.keys.key_for(KeyRef(order.customer_id, documents(2026)))
        s.clock.advance(hours=1)
        with acting_as(Actor.user("dpo")):
            report = s.erasure.erase(order.customer_id, REASON)

        assert report.customer_id == order.customer_id
        assert report.erased_at == s.clock.now()
        assert {"name", "email", "billing_address", "channel_identities"} <= set(report.erased)
        assert [(r.order_id, r.number, r.until) for r in report.retained] == [
            (order.id, order.number, date(2036, 12, 31))
        ]
        erased = s.events_of(order.customer_id)[-1]
        assert isinstance(erased, Customer.Erased)
        assert erased.actor == Actor.user("dpo")
        assert erased.model_dump(exclude={"originator_id", "originator_version", "timestamp", "actor"}) == {
            "reason": REASON
        }
        # the contact key is gone; the documents key stays until retention
        assert s.keys.destroyed == {KeyRef(order.customer_id, CONTACT)}
        claim = s.services.book.get(IdentityClaim.id_for(IdentityClaim.email_key("anna@example.com")))
        assert isinstance(claim, IdentityClaim) and claim.holder is None
        customer = s.services.book.get(order.customer_id)
        assert customer.erased_at == report.erased_at
        assert customer.contact is None and customer.channel_identities == []


def test_erasing_twice_records_nothing_more_and_answers_the_same() -> None:
    with shop() as s:
        order = s.place()
        s.ship(order.id)
        first = s.erasure.erase(order.customer_id, REASON)
        head = s.services.projections.head()
        s.clock.advance(days=3)
        assert s.erasure.erase(order.customer_id, "asked again") == first
        assert s.services.projections.head() == head


def test_an_unknown_customer_is_not_found() -> None:
    with shop() as s, pytest.raises(CustomerNotFoundError):
        s.erasure.erase(uuid4(), REASON)
    with shop() as s:
        order = s.place()
        with pytest.raises(CustomerNotFoundError):  # an order's id is no customer's
            s.erasure.erase(order.id, REASON)


@pytest.mark.parametrize(
    "status", [OrderStatus.PENDING, OrderStatus.OPEN, OrderStatus.PAID, OrderStatus.PARTIALLY_SHIPPED]
)
def test_an_open_order_stops_the_erasure_and_is_named(status: OrderStatus) -> None:
    with shop() as s:
        shipped = s.import_order("E1", "bea", "bea@example.com")
        still_open = s.import_order("E2", "bea", "bea@example.com", status=status)
        head = s.services.projections.head()
        with pytest.raises(OrderStillOpenError, match=still_open.number) as refused:
            s.erasure.erase(shipped.customer_id, REASON)
        assert refused.value.order_id == still_open.id
        assert s.services.projections.head() == head  # nothing recorded
        assert s.keys.destroyed == set()


def test_a_cancelled_order_does_not_stop_it() -> None:
    with shop() as s:
        order = s.import_order("E1", "bea", "bea@example.com", status=OrderStatus.CANCELLED)
        assert s.erasure.erase(order.customer_id, REASON).retained[0].order_id == order.id


def test_orders_whose_documents_expired_are_not_reported_as_retained() -> None:
    with shop() as s:
        old = s.import_order("E1", "bea", None, placed_at=datetime(2015, 12, 31, 23, 30, tzinfo=BERLIN))
        new = s.import_order("E2", "bea", None, placed_at=datetime(2016, 1, 1, 0, 30, tzinfo=BERLIN))
        report = s.erasure.erase(old.customer_id, REASON)
        # 2015 + 10 ended before 2026; 2016's documents are kept to the end of 2026
        assert [(r.order_id, r.until) for r in report.retained] == [(new.id, date(2026, 12, 31))]


def test_the_customer_list_forgets_the_contact_data_and_a_rebuild_agrees() -> None:
    with shop() as s:
        order = s.place(email="anna@example.com", name="Anna Schmidt")
        s.ship(order.id)
        s.erasure.erase(order.customer_id, REASON)
        query = "SELECT number, name, email, company, city FROM rm_customers WHERE id = ?"
        with s.services.db.transaction(write=False) as tx:
            incremental = tx.query(query, (str(order.customer_id),))
        assert incremental == [(incremental[0][0], None, None, None, None)]
        s.services.projections.rebuild()
        with s.services.db.transaction(write=False) as tx:
            assert tx.query(query, (str(order.customer_id),)) == incremental
        assert s.services.queries.list_customers(CustomerFilter(q="anna")).total == 0
        assert s.services.queries.list_customers(CustomerFilter(email="anna@example.com")).total == 0


def test_an_erased_customer_takes_no_new_orders() -> None:
    with shop() as s:
        order = s.place()
        s.ship(order.id)
        s.erasure.erase(order.customer_id, REASON)
        line = OrderLine(title="Tasse", quantity=1, unit_price="9.99")  # type: ignore[arg-type]
        with pytest.raises(CustomerErasedError):
            s.services.ordering.place_customer_order(
                order.customer_id, OrderDraft(currency="EUR", lines=[line])
            )


def test_erasing_forgets_cached_reads() -> None:
    with shop() as s:
        order = s.import_order("E1", "bea", "bea@example.com")
        cached = s.services.book.read(order.id)
        assert cached is not None
        s.erasure.erase(order.customer_id, REASON)
        assert s.services.book.read(order.id) is not cached


def test_the_retention_period_counts_from_the_end_of_the_year_in_the_merchants_zone() -> None:
    # 23:30 on New Year's Eve in Berlin is already the next year in UTC: the order is of 2025
    with shop(now=NOW + timedelta(days=1)) as s:
        order = s.import_order("E1", "bea", None, placed_at=datetime(2025, 12, 31, 23, 30, tzinfo=BERLIN))
        assert s.erasure.erase(order.customer_id, REASON).retained[0].until == date(2035, 12, 31)
