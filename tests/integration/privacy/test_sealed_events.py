"""Buyers' personal data is stored sealed per person, reads back the same, and is erased with its key:
through the event store, snapshots, re-sync's fast path and the read models, on every store."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import orjson
import pytest
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from adapters.persistence.sequences import SqlNumberSequence
from adapters.privacy.keys import SqlPersonalKeys
from application.aggregate_store import READ_CACHE_SECONDS
from application.commands import PlaceImmediateOrder, RegisterCustomer
from application.customer_matching import CustomerMatcher
from application.intake import ChannelIntake
from domain.address import Address
from domain.channel_order import ChannelBuyer, ChannelOrder
from domain.customer import ChannelIdentity, Contact, Customer, IdentityClaim
from domain.order import Order
from domain.order_line import OrderLine
from domain.status import OrderStatus
from entrypoints.bootstrap import Services, bootstrap
from ports.channels import PulledOrder
from ports.personal_keys import CONTACT, KeyRef, documents
from ports.read_models import CustomerFilter, OrderFilter

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
HOME = Address(
    name="Anna Roth", street="Ringstrasse 5", postal_code="20095", city="Hamburg", country_code="DE"
)
BILLING = Address(
    name="Bert Brecht", street="Chausseestr 125", postal_code="10115", city="Berlin", country_code="DE"
)
BUYER = ChannelBuyer(
    external_id="anna-ebay", email="anna.roth@example.de", name="Anna Roth", phone="040 1234"
)
PERSONAL = (
    "Anna Roth",
    "Ringstrasse",
    "anna.roth@example.de",
    "anna-ebay",
    "040 1234",
    "Bert Brecht",
    "Chaussee",
)


def reported(external_id: str = "1", **fields: Any) -> ChannelOrder:
    values: dict[str, Any] = {
        "external_id": external_id,
        "status": OrderStatus.PAID,
        "currency": "EUR",
        "lines": [OrderLine(title="Tasse", quantity=2, unit_price="9.99")],  # type: ignore[arg-type]
        "placed_at": NOW,
        "buyer": BUYER,
        "shipping_address": HOME,
        "billing_address": BILLING,
    }
    return ChannelOrder(**(values | fields))


def page(*orders: ChannelOrder) -> list[PulledOrder]:
    return [PulledOrder(order=o) for o in orders]


def raw_states(services: Services) -> list[bytes]:
    """Every stored event's and snapshot's state, as bytes in the store."""
    book = services.book
    states = [n.state for n in book.recorder.select_notifications(start=None, limit=10**6)]
    if book.snapshots is not None:
        ids = {n.originator_id for n in book.recorder.select_notifications(start=None, limit=10**6)}
        for originator_id in ids:
            states += [s.state for s in book.snapshots.recorder.select_events(originator_id)]
    return states


def imported(services: Services, intake: ChannelIntake) -> Order:
    intake.import_page("ebay-de", "ebay", page(reported()), NOW)
    order = services.book.get(Order.channel_order_id("ebay-de", "1"))
    assert isinstance(order, Order)
    return order


def test_no_personal_value_is_stored_in_clear(services: Services, intake: ChannelIntake) -> None:
    order = imported(services, intake)
    moved = HOME.model_copy(update={"city": "Leipzig"})
    intake.import_page("ebay-de", "ebay", page(reported(shipping_address=moved)), NOW)  # DetailsSynced
    intake.import_page(
        "ebay-de", "ebay", page(reported(status=OrderStatus.SHIPPED, shipping_address=moved)), NOW
    )
    states = raw_states(services)
    assert len(states) >= 5
    for state in states:
        for value in PERSONAL:
            assert value.encode() not in state, (value, state)
    loaded = services.book.get(order.id)
    assert loaded.shipping_address == HOME.model_copy(update={"city": "Leipzig"})
    assert loaded.billing_address == BILLING
    assert loaded.channel_content.buyer == BUYER


def test_every_event_type_reads_back_as_it_was_saved(services: Services, intake: ChannelIntake) -> None:
    order = imported(services, intake)
    customer = services.book.get(order.customer_id)
    assert isinstance(customer, Customer)
    assert customer.contact is not None and customer.contact.email == BUYER.email
    assert customer.channel_identities == [ChannelIdentity(channel="ebay-de", external_id="anna-ebay")]
    customer.link_identity(ChannelIdentity(channel="shop", external_id="anna-shop"), NOW)
    customer.change_contact(Contact(name="Anna Roth-Meier", email="a@example.de", billing_address=HOME), NOW)
    services.book.save(customer)
    registered = services.customers.register(
        RegisterCustomer(name="Carla Weiss", email="carla@example.de", billing_address=BILLING)
    )
    placed = services.ordering.place_immediate_order(
        PlaceImmediateOrder(
            customer=RegisterCustomer(name="Dora Klein", email="dora@example.de", billing_address=HOME),
            currency="EUR",
            lines=[OrderLine(title="Tasse", quantity=1, unit_price="5.00")],  # type: ignore[arg-type]
            shipping_address=BILLING,
        )
    )
    services.book.forget_reads()
    again = services.book.get(customer.id)
    assert again.contact == Contact(name="Anna Roth-Meier", email="a@example.de", billing_address=HOME)
    assert [i.external_id for i in again.channel_identities] == ["anna-ebay", "anna-shop"]
    assert services.book.get(registered.id).contact.name == "Carla Weiss"
    assert services.book.get(placed.id).shipping_address == BILLING
    claim = services.book.get(IdentityClaim.id_for(IdentityClaim.email_key("carla@example.de")))
    assert isinstance(claim, IdentityClaim) and claim.key == "email:carla@example.de"
    topics = {n.topic for n in services.book.recorder.select_notifications(start=None, limit=10**6)}
    for event_class in (
        Customer.Created,
        Customer.ImportedFromChannel,
        Customer.ChannelIdentityLinked,
        Customer.ContactChanged,
        IdentityClaim.Created,
        Order.Created,
        Order.ImportedFromChannel,
    ):
        assert get_topic(event_class) in topics
    for state in raw_states(services):
        for value in (*PERSONAL, "Carla", "carla@", "Dora", "Anna Roth-Meier", "anna-shop"):
            assert value.encode() not in state, (value, state)


def test_snapshots_are_sealed_and_erased_with_the_keys(services: Services, intake: ChannelIntake) -> None:
    services.book.snapshotting_intervals = {Order: 2, Customer: 2}
    order = imported(services, intake)
    intake.import_page("ebay-de", "ebay", page(reported(status=OrderStatus.SHIPPED)), NOW)
    customer = services.book.get(order.customer_id)
    customer.link_identity(ChannelIdentity(channel="shop", external_id="anna-shop"), NOW)
    services.book.save(customer)
    assert services.book.snapshots is not None
    snapshots = [
        s.state for i in (order.id, customer.id) for s in services.book.snapshots.recorder.select_events(i)
    ]
    assert len(snapshots) == 2
    for state in snapshots:
        assert b"_sealed" in state
        for value in (*PERSONAL, "anna-shop"):
            assert value.encode() not in state
    services.book.forget_reads()
    assert services.book.get(order.id).channel_content.buyer == BUYER
    assert services.book.get(customer.id).contact.name == "Anna Roth"
    services.personal_keys.destroy(order.customer_id, [CONTACT])
    erased = services.book.get(customer.id)
    assert (erased.contact, erased.channel_identities) == (None, [])
    kept = services.book.get(order.id)
    assert kept.channel_content.buyer == ChannelBuyer() and kept.shipping_address == HOME
    services.personal_keys.destroy_documents_until(2026)
    gone = services.book.get(order.id)
    assert (gone.shipping_address, gone.billing_address, gone.channel_content.shipping_address) == (None,) * 3
    assert gone.total == order.total and gone.status is OrderStatus.SHIPPED


def test_destroying_the_contact_key_erases_contact_data_and_keeps_the_documents(
    services: Services, intake: ChannelIntake
) -> None:
    order = imported(services, intake)
    claim_id = IdentityClaim.id_for(IdentityClaim.email_key(BUYER.email or ""))
    assert services.personal_keys.destroy(order.customer_id, [CONTACT]) == 1
    customer = services.book.get(order.customer_id)
    assert customer.contact is None and customer.channel_identities == [] and customer.number
    again = services.book.get(order.id)
    assert again.channel_content.buyer == ChannelBuyer()
    assert (again.shipping_address, again.billing_address) == (HOME, BILLING)
    assert again.lines == order.lines and again.total == order.total
    claim = services.book.get(claim_id)
    assert claim is None or (isinstance(claim, IdentityClaim) and claim.key is None)
    history = services.customers.history(order.customer_id)
    assert history and all(getattr(e, "contact", None) is None for e in history)


def test_destroying_the_documents_keys_erases_the_addresses_and_keeps_the_contact(
    services: Services, intake: ChannelIntake
) -> None:
    order = imported(services, intake)
    assert services.personal_keys.destroy_documents_until(2025) == 0
    assert services.book.get(order.id).shipping_address == HOME
    assert services.personal_keys.destroy_documents_until(2026) == 1
    again = services.book.get(order.id)
    assert (again.shipping_address, again.billing_address) == (None, None)
    assert again.channel_content.buyer == BUYER
    assert services.book.get(order.customer_id).contact.name == "Anna Roth"


def test_the_documents_key_is_that_of_the_orders_year_in_the_merchants_time_zone(
    services: Services, intake: ChannelIntake
) -> None:
    new_years_eve = datetime(2025, 12, 31, 23, 30, tzinfo=UTC)  # 00:30 on 1 January 2026 in Berlin
    intake.import_page("ebay-de", "ebay", page(reported("9", placed_at=new_years_eve)), NOW)
    order = services.book.get(Order.channel_order_id("ebay-de", "9"))
    refs = [KeyRef(order.customer_id, documents(2025)), KeyRef(order.customer_id, documents(2026))]
    assert [r.purpose for r in services.personal_keys.existing(refs)] == [documents(2026)]


def test_a_resync_after_sealing_records_no_change_and_rebuilds_nothing(
    services: Services, intake: ChannelIntake, monkeypatch: pytest.MonkeyPatch
) -> None:
    intake.import_page("ebay-de", "ebay", page(reported("1"), reported("2")), NOW)
    head = services.book.recorder.max_notification_id()
    decoded: list[Any] = []
    mapper = services.book.mapper
    decode, decode_all = mapper.to_domain_event, mapper.to_domain_events
    monkeypatch.setattr(mapper, "to_domain_event", lambda s: decoded.append(s) or decode(s))
    monkeypatch.setattr(mapper, "to_domain_events", lambda s: decoded.extend(s) or decode_all(s))
    result = intake.import_page("ebay-de", "ebay", page(reported("1"), reported("2")), NOW)
    assert result.unchanged == ["1", "2"] and decoded == []
    assert services.book.recorder.max_notification_id() == head


def test_the_read_models_see_the_opened_data_and_rebuild_the_same(
    services: Services, intake: ChannelIntake
) -> None:
    order = imported(services, intake)
    before = services.queries.list_customers(CustomerFilter())
    assert [c["name"] for c in before.items] == ["Anna Roth"]
    for name in services.projections.names():
        services.projections.rebuild(name)
    after = services.queries.list_customers(CustomerFilter())
    assert after.items == before.items
    orders = services.queries.list_orders(OrderFilter())
    assert [o["id"] for o in orders.items] == [str(order.id)]


def test_an_event_stored_in_clear_before_sealing_reads_as_it_was(services: Services) -> None:
    """The old format: the same JSON, no ``_sealed``; it stays readable until the store is upgraded."""
    customer_id = UUID(int=7)
    state = {
        "timestamp": "2026-11-02T09:00:00Z",
        "originator_topic": get_topic(Customer),
        "number": "CUS-7",
        "contact": {"name": "Old Clear", "email": "old@example.de"},
        "actor": None,
    }
    services.book.recorder.insert_events(
        [StoredEvent(customer_id, 1, get_topic(Customer.Created), orjson.dumps(state))]
    )
    assert services.book.get(customer_id).contact.name == "Old Clear"


def test_erasure_in_another_process_shows_here_once_the_caches_expire(
    shared_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This process read the order (kept for queries) and holds its keys; another destroys them."""
    here, there = bootstrap(shared_database_url), bootstrap(shared_database_url)
    try:
        numbers = SqlNumberSequence(here.db)
        ChannelIntake(here.book, numbers, CustomerMatcher(here.book, numbers)).import_page(
            "ebay-de", "ebay", page(reported()), NOW
        )
        order_id = Order.channel_order_id("ebay-de", "1")
        assert here.book.read(order_id).shipping_address == HOME
        clock = [0.0]
        assert isinstance(here.personal_keys, SqlPersonalKeys)
        monkeypatch.setattr(here.personal_keys, "_now", lambda: clock[0] + 10**6)
        monkeypatch.setattr(here.book, "monotonic", lambda: clock[0] + 10**6)
        assert here.book.read(order_id).shipping_address == HOME  # read again: kept from now on
        there.personal_keys.destroy_documents_until(2026)
        assert here.book.read(order_id).shipping_address == HOME  # within the cache time
        clock[0] = READ_CACHE_SECONDS + 1
        assert here.book.read(order_id).shipping_address is None
    finally:
        here.close()
        there.close()
