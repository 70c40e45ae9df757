"""Domain errors: each says which id and why."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every business-rule violation."""


class InvalidOrderError(DomainError, ValueError):
    """Order data that breaks a rule (empty lines, mixed currencies, ...)."""


class IllegalStatusChangeError(DomainError):
    def __init__(self, order_id: object, current: str, requested: str, why: str) -> None:
        self.order_id, self.current, self.requested = order_id, current, requested
        super().__init__(f"order {order_id}: cannot change status {current} -> {requested}: {why}")


class NotFoundError(DomainError, LookupError):
    def __init__(self, what: str, ident: object) -> None:
        self.what, self.ident = what, ident
        super().__init__(f"{what} {ident} not found")


class CustomerNotFoundError(NotFoundError):
    def __init__(self, customer_id: object) -> None:
        super().__init__("customer", customer_id)


class OrderNotFoundError(NotFoundError):
    def __init__(self, order_id: object) -> None:
        super().__init__("order", order_id)


class EmailAlreadyClaimedError(DomainError):
    def __init__(self, email: str, customer_id: object) -> None:
        self.email, self.customer_id = email, customer_id
        super().__init__(f"e-mail {email} already belongs to customer {customer_id}")


class OrderChangeRefusedError(DomainError):
    """A change other than a status change that the order's state refuses (e.g. correcting the
    address of a shipped order): a conflict with the order as it is, not bad input."""

    def __init__(self, order_id: object, why: str) -> None:
        self.order_id, self.why = order_id, why
        super().__init__(f"order {order_id}: {why}")
