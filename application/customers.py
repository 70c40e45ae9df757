"""Use cases for customers: register one, read one."""

from __future__ import annotations

from uuid import UUID

from application.aggregate_store import AggregateStore
from application.commands import RegisterCustomer
from application.customer_matching import CustomerMatcher
from application.ordering import contact_of
from application.unit_of_work import Decision, retrying
from domain.customer import Customer, IdentityClaim, normalise_email
from domain.errors import CustomerNotFoundError, EmailAlreadyClaimedError
from ports.clock import Clock
from ports.numbering import NumberSequence


class Customers:
    def __init__(self, book: AggregateStore, numbers: NumberSequence, clock: Clock) -> None:
        self._book, self._clock = book, clock
        self._matcher = CustomerMatcher(book, numbers)

    def register(self, command: RegisterCustomer) -> Customer:
        email = normalise_email(command.email)
        key = IdentityClaim.email_key(email) if email else None

        def decide() -> Decision[Customer]:  # again after a collision: it then finds the e-mail's owner
            if key is not None and (owner := self._matcher.claim_owner(key)) is not None:
                raise EmailAlreadyClaimedError(email or "", owner)
            resolution = self._matcher.register(contact_of(command), self._clock.now())
            customer = resolution.to_save[0]
            assert isinstance(customer, Customer)
            return customer, resolution.to_save

        return retrying(self._book, f"the customer with e-mail {email}", decide)

    def get(self, customer_id: UUID) -> Customer:
        customer = self._book.get(customer_id)
        if not isinstance(customer, Customer):
            raise CustomerNotFoundError(customer_id)
        return customer
