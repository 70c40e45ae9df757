"""Commands: what callers ask the use cases to do (validated before any use case runs)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from domain.address import Address
from domain.customer import Email, Name, Optional200
from domain.money import Currency, Price, minor_units_problem
from domain.order_line import OrderLine, Quantity, Tracking
from domain.order_note import NoteText
from domain.order_rules import line_problem, total_problem
from domain.status import OrderStatus

Note = Annotated[str, StringConstraints(max_length=5000)]


class Command(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RegisterCustomer(Command):
    name: Name
    email: Email = None
    phone: Annotated[str, StringConstraints(strip_whitespace=True, max_length=50)] | None = None
    company: Optional200 = None
    billing_address: Address
    shipping_address: Address | None = None

    @field_validator("email")
    @classmethod
    def _email_shape(cls, email: str | None) -> str | None:
        # A field validator (not a model one), so that a 422 names ``email`` (or ``customer.email``).
        if email is None:
            return None
        local, _, domain = email.partition("@")
        if not local or not domain or "@" in domain or any(c.isspace() for c in email):
            raise ValueError("must look like name@example.com")
        return email


CHANNEL_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,62}")


def _channel_name(name: str) -> str:
    # In words: a client should not have to read a regular expression to learn what is wrong.
    if not CHANNEL_NAME.fullmatch(name):
        raise ValueError(
            f"{name[:70]!r} is not a channel name: use 1 to 63 lower-case letters (a-z), digits, "
            "'.', '_' or '-', beginning with a letter or a digit (e.g. 'ebay-de')"
        )
    return name


ChannelName = Annotated[
    str,
    AfterValidator(_channel_name),
    WithJsonSchema({"type": "string", "pattern": f"^{CHANNEL_NAME.pattern}$", "examples": ["ebay-de"]}),
]


class RegisterChannel(Command):
    """A new channel: its name, its kind, the settings the kind's schema asks for, its schedule."""

    name: ChannelName = Field(description="lower-case letters, digits, '.', '_' and '-'")
    kind: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    settings: dict[str, Any] = Field(default_factory=dict)
    sync_interval_seconds: int | None = Field(default=None, ge=10, le=7 * 24 * 3600)


class OrderDraft(Command):
    currency: Currency
    lines: list[OrderLine] = Field(min_length=1, max_length=1000)
    shipping_cost: Price = Decimal("0.00")
    billing_address: Address | None = None
    shipping_address: Address | None = None
    note: Note | None = None

    # Field validators (not one for the model), so that a 422 names the field; the same rules
    # guard ``Order.place``, but here they run before an order number is drawn.
    @field_validator("lines")
    @classmethod
    def _lines_fit_the_currency(cls, lines: list[OrderLine], info: ValidationInfo) -> list[OrderLine]:
        currency = info.data.get("currency")
        for index, line in enumerate(lines):
            if currency is not None and (problem := line_problem(line, currency)) is not None:
                raise ValueError(f"line {index} {problem[0]}: {problem[1]}")
        return lines

    @field_validator("shipping_cost")
    @classmethod
    def _shipping_fits_the_currency(cls, cost: Decimal, info: ValidationInfo) -> Decimal:
        currency = info.data.get("currency")
        if currency is not None and (why := minor_units_problem(cost, currency)) is not None:
            raise ValueError(why)
        return cost

    @model_validator(mode="after")
    def _total_within_bounds(self) -> OrderDraft:
        if (why := total_problem(self.lines, self.shipping_cost, [])) is not None:
            raise ValueError(why)
        return self


class PlaceImmediateOrder(OrderDraft):
    """A Sofortauftrag: an existing customer, or new customer data that becomes a customer."""

    # Documents the rule below in the JSON schema (OpenAPI) as well.
    model_config = ConfigDict(
        json_schema_extra={"oneOf": [{"required": ["customer_id"]}, {"required": ["customer"]}]}
    )

    customer_id: UUID | None = None
    customer: RegisterCustomer | None = None

    @model_validator(mode="after")
    def _exactly_one_customer(self) -> PlaceImmediateOrder:
        if (self.customer_id is None) == (self.customer is None):
            raise ValueError("give exactly one of customer_id and customer")
        return self


class ParcelLine(Command):
    line: int = Field(ge=0, le=999, description="0-based position of the line in the order")
    quantity: Quantity


class ChangeOrderStatus(Command):
    status: OrderStatus
    tracking: Tracking | None = None
    lines: list[ParcelLine] | None = Field(
        default=None, max_length=1000, description="for a shipment: the lines (and quantities) in the parcel"
    )
    reason: Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)] | None = None


class AddNote(Command):
    text: NoteText = Field(description="1 to 5000 characters (trimmed); line breaks allowed")
