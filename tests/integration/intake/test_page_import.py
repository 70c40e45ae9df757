"""Importing pages of channel orders on a shared store: what is unchanged records nothing, what
changed is synced, and every new buyer of a page becomes one customer with the next number."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from adapters.persistence.sequences import SqlNumberSequence
from application.customer_matching import CustomerMatcher
from application.intake import ChannelIntake
from domain.channel_order import ChannelBuyer, ChannelOrder
from domain.customer import Customer
from domain.order import Order
from domain.order_line import OrderLine
from domain.status import OrderStatus
from entrypoints.bootstrap import Services, bootstrap
from ports.channels import PulledOrder

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def pulled(external_id: str, buyer: str, status: OrderStatus = OrderStatus.PAID) -> PulledOrder:
    line = OrderLine(title="Tasse", quantity=2, unit_price="9.99")  # type: ignore[arg-type]
    order = ChannelOrder(
        external_id=external_id,
        status=status,
        currency="EUR",
        lines=[line],
        placed_at=NOW,
        buyer=ChannelBuyer(external_id=buyer, email=f"{buyer}@example.com", name=buyer.title()),
    )
    return PulledOrder(order=order, receipt=None)


def with_buyer(order: PulledOrder, buyer: ChannelBuyer) -> PulledOrder:
    return PulledOrder(order=order.order.model_copy(update={"buyer": buyer}), receipt=None)


@pytest.fixture
def services(shared_database_url: str) -> Iterator[Services]:
    services = bootstrap(shared_database_url)
    yield services
    services.close()


def test_a_page_seen_again_unchanged_records_nothing(services: Services, intake: ChannelIntake) -> None:
    page = [pulled("1", "anna"), pulled("2", "ben")]
    intake.import_page("shop", "jtl-shop", page, NOW)
    head = services.book.recorder.max_notification_id()
    result = intake.import_page("shop", "jtl-shop", page, NOW)
    assert (result.imported, result.updated, result.unchanged) == ([], [], ["1", "2"])
    assert services.book.recorder.max_notification_id() == head


def test_an_order_the_channel_reports_changed_is_synced(services: Services, intake: ChannelIntake) -> None:
    intake.import_page("shop", "jtl-shop", [pulled("1", "anna"), pulled("2", "ben")], NOW)
    result = intake.import_page(
        "shop", "jtl-shop", [pulled("1", "anna"), pulled("2", "ben", OrderStatus.SHIPPED)], NOW
    )
    assert (result.updated, result.unchanged) == (["2"], ["1"])
    order = services.book.get(Order.channel_order_id("shop", "2"))
    assert (order.version, order.status) == (2, OrderStatus.SHIPPED)


def test_a_change_made_here_does_not_count_as_a_change_reported_by_the_channel(
    services: Services, intake: ChannelIntake
) -> None:
    intake.import_page("shop", "jtl-shop", [pulled("1", "anna")], NOW)
    order = services.book.get(Order.channel_order_id("shop", "1"))
    order.change_status(OrderStatus.SHIPPED, tracking=None, reason=None, now=NOW)
    services.book.save(order)
    result = intake.import_page("shop", "jtl-shop", [pulled("1", "anna")], NOW)
    assert result.unchanged == ["1"]


def test_each_new_buyer_of_a_page_becomes_one_customer_with_the_next_numbers(
    services: Services, intake: ChannelIntake
) -> None:
    page = [pulled("1", "anna"), pulled("2", "ben"), pulled("3", "anna"), pulled("4", "cleo")]
    intake.import_page("shop", "jtl-shop", page, NOW)
    orders = [services.book.get(Order.channel_order_id("shop", str(n))) for n in range(1, 5)]
    customers = {o.customer_id: services.book.get(o.customer_id) for o in orders}
    assert orders[0].customer_id == orders[2].customer_id
    assert all(isinstance(c, Customer) for c in customers.values())
    assert sorted(c.number for c in customers.values()) == ["CUS-100001", "CUS-100002", "CUS-100003"]
    assert SqlNumberSequence(services.db).next_numbers("customer", 1) == [100004]  # no number wasted


def test_a_page_of_new_buyers_reads_twice_and_takes_numbers_twice(services: Services) -> None:
    """One read for the page's orders, one for every claim of its buyers, one take of order numbers
    and one of customer numbers; a buyer found by the e-mail of a customer that owns that key itself
    is linked without reading the customer again."""
    numbers = SqlNumberSequence(services.db)
    intake = ChannelIntake(services.book, numbers, CustomerMatcher(services.book, numbers))
    intake.import_page("shop", "jtl-shop", [pulled("1", "eva")], NOW)
    guest = with_buyer(pulled("2", "eva"), ChannelBuyer(email="gast@example.com"))
    intake.import_page("shop", "jtl-shop", [guest], NOW)
    reader, take = services.book.bulk_reader, numbers.next_numbers
    assert reader is not None
    reads, takes = Counter[str](), Counter[str]()
    read = reader.load
    reader.load = lambda ids: reads.update(["read"]) or read(ids)  # type: ignore[method-assign]
    numbers.next_numbers = lambda name, count: takes.update([name]) or take(name, count)  # type: ignore[method-assign]
    page = [pulled("3", "fred"), pulled("4", "gina"), pulled("5", "fred"), pulled("6", "hugo")]
    intake.import_page("shop", "jtl-shop", page, NOW)
    assert (reads, takes) == (Counter(read=2), Counter(order=1, customer=1))
    guest_again = pulled("7", "gast")  # buyer id "gast", e-mail gast@example.com: linked to the guest
    reads.clear()
    intake.import_page("market", "ebay", [guest_again], NOW)
    assert reads == Counter(read=2)
    guest_customer = services.book.get(Order.channel_order_id("shop", "2")).customer_id
    assert services.book.get(Order.channel_order_id("market", "7")).customer_id == guest_customer


def test_a_buyers_email_in_nfd_finds_the_customer_of_its_nfc_spelling(
    services: Services, intake: ChannelIntake
) -> None:
    nfc, nfd = (unicodedata.normalize(form, "jürgen.n@example.de") for form in ("NFC", "NFD"))
    intake.import_page(
        "shop", "jtl-shop", [with_buyer(pulled("1", "jn"), ChannelBuyer(external_id="jn", email=nfc))], NOW
    )
    intake.import_page("market", "ebay", [with_buyer(pulled("2", "x"), ChannelBuyer(email=nfd.upper()))], NOW)
    orders = [services.book.get(Order.channel_order_id(c, n)) for c, n in (("shop", "1"), ("market", "2"))]
    assert orders[0].customer_id == orders[1].customer_id


def test_a_new_buyer_is_one_customer_event_and_one_claim_and_is_found_by_either_key(
    services: Services, intake: ChannelIntake
) -> None:
    """The customer takes its buyer id's key id itself (no claim for it): a new buyer costs an
    order, a customer and one e-mail claim; later orders find it by the id or by the e-mail."""
    head = services.book.recorder.max_notification_id() or 0
    intake.import_page("shop", "jtl-shop", [pulled("1", "dora")], NOW)
    written = services.book.recorder.select_notifications(head + 1, 100)
    assert [n.topic.rsplit(":", 1)[1] for n in written] == [
        "Customer.ImportedFromChannel",
        "IdentityClaim.Created",
        "Order.ImportedFromChannel",
    ]
    customer_id = services.book.get(Order.channel_order_id("shop", "1")).customer_id

    renamed = pulled("2", "dora")  # the same buyer id with a new e-mail: found by the id
    renamed = renamed.model_copy(
        update={"order": renamed.order.model_copy(update={"buyer": ChannelBuyer(external_id="dora")})}
    )
    other_channel = pulled("3", "dora")  # another channel's buyer with her e-mail: found by it
    intake.import_page("shop", "jtl-shop", [renamed], NOW)
    intake.import_page("market", "ebay", [other_channel], NOW)
    for channel, external_id in (("shop", "2"), ("market", "3")):
        order = services.book.get(Order.channel_order_id(channel, external_id))
        assert order.customer_id == customer_id
    customer = services.book.get(customer_id)
    assert [i.channel for i in customer.channel_identities] == ["shop", "market"]
