"""Matching channel buyers to customers: a page decides exactly as importing its orders one by one."""

from __future__ import annotations

import unicodedata
from collections import Counter
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.channels.registry import KindRegistry
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
JUERGEN = "jürgen.n@example.de"
EMAILS = [
    None,
    "x@example.de",
    " X@Example.DE",
    "y@example.de",
    unicodedata.normalize("NFC", JUERGEN),
    unicodedata.normalize("NFD", JUERGEN).upper(),  # the same address as the one before
]
buyers = st.tuples(st.sampled_from([None, "a", "b", "c"]), st.sampled_from(EMAILS))
pages = st.lists(st.lists(buyers, min_size=1, max_size=6), min_size=1, max_size=3)


def pulled(external_id: str, buyer_id: str | None, email: str | None) -> PulledOrder:
    line = OrderLine(title="Tasse", quantity=1, unit_price="9.99")  # type: ignore[arg-type]
    order = ChannelOrder(
        external_id=external_id,
        status=OrderStatus.PAID,
        currency="EUR",
        lines=[line],
        placed_at=NOW,
        buyer=ChannelBuyer(external_id=buyer_id, email=email, name="Buyer"),
    )
    return PulledOrder(order=order, receipt=None)


def import_pages(page_list: list[list[PulledOrder]]) -> tuple[list[frozenset[str]], Counter[str]]:
    """Which orders share a customer (with that customer's channel identities), and the events written."""
    services = bootstrap("memory://", kinds=KindRegistry())
    try:
        numbers = SqlNumberSequence(services.db)
        intake = ChannelIntake(services.book, numbers, CustomerMatcher(services.book, numbers))
        for page in page_list:
            assert len(intake.import_page("shop", "jtl-shop", page, NOW).imported) == len(page)
        return grouped(services, [p for page in page_list for p in page])
    finally:
        services.close()


def grouped(services: Services, orders: list[PulledOrder]) -> tuple[list[frozenset[str]], Counter[str]]:
    by_customer: dict[object, set[str]] = {}
    for p in orders:
        order = services.book.get(Order.channel_order_id("shop", p.order.external_id))
        by_customer.setdefault(order.customer_id, set()).add(p.order.external_id)
    groups = []
    for customer_id, external_ids in by_customer.items():
        customer = services.book.get(customer_id)
        assert isinstance(customer, Customer)
        identities = {f"identity:{i.external_id}" for i in customer.channel_identities}
        groups.append(frozenset(external_ids | identities))
    notifications = services.book.recorder.select_notifications(1, 10_000)
    return sorted(groups, key=sorted), Counter(n.topic.rsplit(":", 1)[1] for n in notifications)


@settings(max_examples=60, deadline=None)
@given(pages)
def test_a_page_matches_its_buyers_as_importing_its_orders_one_by_one_would(
    drawn: list[list[tuple[str | None, str | None]]],
) -> None:
    numbered = iter(range(1, 1000))
    page_list = [[pulled(str(next(numbered)), b, e) for b, e in page] for page in drawn]
    one_by_one = import_pages([[p] for page in page_list for p in page])
    assert import_pages(page_list) == one_by_one


def test_a_second_buyer_id_with_a_known_email_on_the_same_page_is_linked_to_the_customer() -> None:
    """Found by the e-mail a buyer earlier on the page claimed: the same customer, its id linked."""
    groups, events = import_pages([[pulled("1", "a", "x@example.de"), pulled("2", "b", "X@example.de")]])
    assert groups == [frozenset({"1", "2", "identity:a", "identity:b"})]
    assert events == Counter(
        {
            "Order.ImportedFromChannel": 2,
            "Customer.ImportedFromChannel": 1,
            "Customer.ChannelIdentityLinked": 1,
            "IdentityClaim.Created": 2,  # the e-mail's, and buyer b's
        }
    )


def test_a_buyers_nfd_email_finds_the_customer_of_its_nfc_spelling() -> None:
    nfc, nfd = (unicodedata.normalize(form, JUERGEN) for form in ("NFC", "NFD"))
    groups, events = import_pages([[pulled("1", None, nfc)], [pulled("2", None, nfd), pulled("3", "c", nfd)]])
    assert groups == [frozenset({"1", "2", "3", "identity:c"})]
    assert events["Customer.ImportedFromChannel"] == 1
