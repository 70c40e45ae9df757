"""After an erasure its identity keys are free: the same e-mail or buyer id later is a NEW customer,
and claiming a released key again is an event on the same claim (concurrent re-claims collide)."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import IntegrityError

from adapters.persistence.sequences import SqlNumberSequence
from application.commands import RegisterCustomer
from application.customer_matching import CustomerMatcher
from domain.channel_order import ChannelBuyer, ChannelOrder
from domain.customer import ChannelIdentity, IdentityClaim
from domain.errors import EmailAlreadyClaimedError
from domain.order import Order
from domain.order_line import OrderLine
from domain.status import OrderStatus
from ports.channels import PulledOrder
from tests.support.order_data import ADDRESS
from tests.unit.privacy.erasure_setup import Shop, shop

REASON = "request by e-mail"


def erase(s: Shop, customer_id: UUID) -> None:
    s.erasure.erase(customer_id, REASON)


def test_an_e_mail_of_an_erased_customer_makes_a_new_customer() -> None:
    with shop() as s:
        first = s.place(email="anna@example.com")
        s.ship(first.id)
        erase(s, first.customer_id)
        again = s.place(email="Anna@Example.com")
        assert again.customer_id != first.customer_id
        claim_id = IdentityClaim.id_for(IdentityClaim.email_key("anna@example.com"))
        assert [type(e).__name__ for e in s.events_of(claim_id)] == ["Created", "Released", "Reclaimed"]
        claim = s.services.book.get(claim_id)
        assert claim.holder == again.customer_id
        # and the new customer owns it: registering the e-mail again is refused as usual
        with pytest.raises(EmailAlreadyClaimedError):
            s.services.customers.register(
                RegisterCustomer(name="X", email="anna@example.com", billing_address=ADDRESS)  # type: ignore[arg-type]
            )


def test_a_channel_buyer_of_an_erased_customer_comes_back_as_a_new_customer() -> None:
    with shop() as s:
        first = s.import_order("E1", "bea", "bea@example.com")
        # the channel customer has the id of its buyer id's key: that id stays the erased customer's
        assert first.customer_id == IdentityClaim.id_for("identity:ebay-de\x1fbea")
        erase(s, first.customer_id)
        assert s.services.customers.find_by_channel_identity("ebay-de", "bea") is None
        again = s.import_order("E2", "bea", "bea@example.com")
        assert again.customer_id != first.customer_id
        assert s.services.customers.find_by_channel_identity("ebay-de", "bea") == again.customer_id
        beside = IdentityClaim.id_after_erasure("identity:ebay-de\x1fbea")
        assert s.services.book.get(beside).holder == again.customer_id
        email_claim = s.services.book.get(IdentityClaim.id_for("email:bea@example.com"))
        assert email_claim.holder == again.customer_id
        # a third order of the buyer goes to the new customer, and so does an erasure of that one
        assert s.import_order("E3", "bea", None).customer_id == again.customer_id
        erase(s, again.customer_id)
        third = s.import_order("E4", "bea", "bea@example.com")
        assert third.customer_id not in (first.customer_id, again.customer_id)
        assert [type(e).__name__ for e in s.events_of(beside)] == ["Created", "Released", "Reclaimed"]


def test_a_page_with_the_buyer_twice_makes_one_new_customer() -> None:
    with shop() as s:
        first = s.import_order("E1", "bea", "bea@example.com")
        erase(s, first.customer_id)
        line = OrderLine(title="Tasse", quantity=1, unit_price="9.99")  # type: ignore[arg-type]
        page = [
            PulledOrder(
                order=ChannelOrder(
                    external_id=external_id,
                    status=OrderStatus.SHIPPED,
                    currency="EUR",
                    lines=[line],
                    placed_at=s.clock.now(),
                    buyer=ChannelBuyer(external_id=buyer_id, email="bea@example.com", name="Bea"),
                )
            )
            for external_id, buyer_id in (("E2", "bea"), ("E3", "bea"), ("E4", "bea-2"))
        ]
        assert len(s.intake.import_page("ebay-de", "ebay", page, s.clock.now()).imported) == 3
        owners = {s.services.customers.find_by_channel_identity("ebay-de", b) for b in ("bea", "bea-2")}
        orders = {
            s.services.book.get(Order.channel_order_id("ebay-de", e)).customer_id for e in ("E2", "E3", "E4")
        }
        assert len(owners) == 1 and owners == orders and first.customer_id not in owners


def test_concurrent_reclaims_of_a_released_key_collide() -> None:
    with shop() as s:
        first = s.place(email="anna@example.com")
        s.ship(first.id)
        erase(s, first.customer_id)
        matcher = CustomerMatcher(s.services.book, SqlNumberSequence(s.services.db))
        key = IdentityClaim.email_key("anna@example.com")
        one, two = matcher.owners_of([key]), matcher.owners_of([key])  # two requests read it at once
        s.services.book.save(one.claim(key, uuid4(), s.clock.now()))
        with pytest.raises(IntegrityError):
            s.services.book.save(two.claim(key, uuid4(), s.clock.now()))


def test_a_held_key_cannot_be_claimed_again() -> None:
    with shop() as s:
        order = s.place(email="anna@example.com")
        claim = s.services.book.get(IdentityClaim.id_for(IdentityClaim.email_key("anna@example.com")))
        with pytest.raises(ValueError, match="held by customer"):
            claim.reclaim(order.customer_id, s.clock.now())


def test_erasure_releases_every_key_the_customer_was_ever_known_by() -> None:
    with shop() as s:
        order = s.place(email="anna@example.com")
        s.ship(order.id)
        # a channel buyer with the same e-mail is linked to the customer (and its buyer id claimed)
        linked = s.import_order("E1", "anna-ebay", "anna@example.com")
        assert linked.customer_id == order.customer_id
        erase(s, order.customer_id)
        for key in ("email:anna@example.com", "identity:ebay-de\x1fanna-ebay"):
            assert s.services.book.get(IdentityClaim.id_for(key)).holder is None
        assert s.services.customers.find_by_channel_identity("ebay-de", "anna-ebay") is None
        assert ChannelIdentity(channel="ebay-de", external_id="anna-ebay") not in (
            s.services.book.get(order.customer_id).channel_identities
        )


def test_a_key_claimed_since_it_was_read_collides_instead_of_failing() -> None:
    with shop() as s:
        matcher = CustomerMatcher(s.services.book, SqlNumberSequence(s.services.db))
        key = IdentityClaim.email_key("nina@example.com")
        stale = matcher.owners_of([key])  # read while no one owns it
        s.place(email="nina@example.com")  # then another request claims it
        again = matcher.owners_of([key])  # read again by the same decision: someone owns it now
        for owners in (stale, again):
            with pytest.raises(IntegrityError):  # the unit of work decides again on what is stored
                s.services.book.save(owners.claim(key, uuid4(), s.clock.now()))
