"""The New customer form: the same fields as an order's new customer, into ``RegisterCustomer``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from application.commands import RegisterCustomer
from entrypoints.console.order_form import ADDRESS_FIELDS, CONTACT_FIELDS, address_body, field_of


@dataclass
class CustomerForm:
    contact: dict[str, str] = field(
        default_factory=lambda: dict.fromkeys(CONTACT_FIELDS + ADDRESS_FIELDS, "")
    )
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_form(cls, data: Mapping[str, Any]) -> CustomerForm:
        return cls(
            {name: v.strip() if isinstance(v := data.get(name), str) else "" for name in cls().contact}
        )

    def command(self) -> RegisterCustomer | None:
        """The customer to register, or None with ``errors`` naming the fields."""
        contact = self.contact
        body = {
            "name": contact["name"],
            "email": contact["email"] or None,
            "phone": contact["phone"] or None,
            "company": contact["company"] or None,
            "billing_address": address_body(contact),
        }
        try:
            return RegisterCustomer.model_validate(body)
        except ValidationError as exc:
            for error in exc.errors():
                # Named as inside an order (``customer.…``), so that both forms place them alike.
                name, message = field_of({**error, "loc": ("customer", *error["loc"])})
                self.errors.setdefault(name, message)
            return None
