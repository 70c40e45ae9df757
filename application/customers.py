"""Use cases for customers: register one, read one and its history."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from application.aggregate_store import AggregateStore
from application.commands import RegisterCustomer
from application.customer_matching import CustomerMatcher
from application.ordering import contact_of
from application.unit_of_work import Decision, retrying
from domain.customer import ChannelIdentity, Customer, normalise_email
from domain.errors import CustomerNotFoundError, EmailAlreadyClaimedError
from ports.clock import Clock


class Customers:
    def __init__(self, book: AggregateStore, matcher: CustomerMatcher, clock: Clock) -> None:
        self._book, self._matcher, self._clock = book, matcher, clock

    def register(self, command: RegisterCustomer) -> Customer:
        """Refused (``EmailAlreadyClaimedError``) when the e-mail belongs to a customer already."""
        email = normalise_email(command.email) or ""

        def decide() -> Decision[Customer]:  # again after a collision: it then finds the e-mail's owner
            if (owner := self._matcher.email_owner(command.email)) is not None:
                raise EmailAlreadyClaimedError(email, owner)
            resolution = self._matcher.register(contact_of(command), self._clock.now())
            customer = resolution.to_save[0]
            assert isinstance(customer, Customer)
            return customer, resolution.to_save

        return retrying(self._book, f"the customer with e-mail {email}", decide)

    def history(self, customer_id: UUID) -> list[Any]:
        """The customer's events, oldest first."""
        events = list(self._book.events.get(customer_id))  # read once: they also tell what it is
        if not events or not isinstance(events[0], Customer.Created | Customer.ImportedFromChannel):
            raise CustomerNotFoundError(customer_id)
        return events

    def find_by_channel_identity(self, channel: str, external_id: str) -> UUID | None:
        """The customer a channel's buyer id belongs to (e.g. an eBay user), None when no one's: never
        seen, or its customer was erased (the id was released with it)."""
        return self._matcher.identity_owner(ChannelIdentity(channel=channel, external_id=external_id))

    def get(self, customer_id: UUID) -> Customer:
        customer = self._book.get(customer_id)
        if not isinstance(customer, Customer):
            raise CustomerNotFoundError(customer_id)
        return customer
