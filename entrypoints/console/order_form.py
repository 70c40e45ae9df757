"""The order form of the console: what was typed, turned into the API's commands, and the commands'
refusals put back next to the field they name.

The form's values stay strings from end to end (so whatever was typed is shown again as it was); the
rules are the commands' own (``PlaceImmediateOrder``, ``OrderDraft``): nothing here decides whether
an order is valid, it only says where the command's answer belongs on the page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from application.commands import OrderDraft, PlaceImmediateOrder
from domain.order_line import OrderLine, order_total
from entrypoints.console.i18n import N_

LINE_FIELDS = ("sku", "title", "quantity", "unit_price", "tax_rate")
CONTACT_FIELDS = ("name", "email", "phone", "company")
ADDRESS_FIELDS = ("street", "postal_code", "city", "country")
SHIPPING_FIELDS = (
    "ship_name",
    "ship_company",
    "ship_street",
    "ship_postal_code",
    "ship_city",
    "ship_country",
)
MAX_FORM_LINES = 1000
"""As many lines as an order may have (``OrderDraft``): the form never holds more."""

_LINE_PROBLEM = re.compile(r"line (\d+) (\w+): (.*)", re.DOTALL)
_ADDRESS_KEYS = {"country_code": "country"}


@dataclass
class OrderForm:
    """Everything the order form holds, as typed; ``errors``: field name -> message."""

    customer_id: str = ""
    customer_query: str = ""
    new_customer: bool = False
    contact: dict[str, str] = field(
        default_factory=lambda: dict.fromkeys(CONTACT_FIELDS + ADDRESS_FIELDS, "")
    )
    lines: list[dict[str, str]] = field(default_factory=lambda: [blank_line()])
    shipping_cost: str = ""
    currency: str = "EUR"
    note: str = ""
    ship_elsewhere: bool = False
    shipping: dict[str, str] = field(default_factory=lambda: dict.fromkeys(SHIPPING_FIELDS, ""))
    request_key: str = ""
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_form(cls, data: Mapping[str, Any], getlist: Any) -> OrderForm:
        """``data``: the posted form; ``getlist(name)``: every value of a repeated field (the lines)."""

        def text(name: str) -> str:
            value = data.get(name)
            return value.strip() if isinstance(value, str) else ""

        columns = {name: [v if isinstance(v, str) else "" for v in getlist(name)] for name in LINE_FIELDS}
        count = min(max((len(c) for c in columns.values()), default=0), MAX_FORM_LINES)
        lines = [{name: _at(columns[name], i).strip() for name in LINE_FIELDS} for i in range(count)]
        return cls(
            customer_id=text("customer_id"),
            customer_query=text("customer_query"),
            new_customer=bool(text("new_customer")),
            contact={name: text(name) for name in CONTACT_FIELDS + ADDRESS_FIELDS},
            lines=lines or [blank_line()],
            shipping_cost=text("shipping_cost"),
            currency=text("currency") or "EUR",
            note=data.get("note", "") if isinstance(data.get("note"), str) else "",
            ship_elsewhere=bool(text("ship_elsewhere")),
            shipping={name: text(name) for name in SHIPPING_FIELDS},
            request_key=text("request_key"),
        )

    def add_line(self) -> None:
        if len(self.lines) < MAX_FORM_LINES:
            self.lines.append(blank_line())

    def remove_line(self, index: int) -> None:
        if 0 <= index < len(self.lines) and len(self.lines) > 1:
            del self.lines[index]

    def draft(self) -> dict[str, Any]:
        """The order as the API's body would hold it (``OrderDraft``'s fields)."""
        body: dict[str, Any] = {
            "currency": self.currency,
            "lines": [_line_body(line, i, self.errors) for i, line in enumerate(self.lines)],
            "shipping_cost": self.shipping_cost or "0",
            "note": self.note.strip() or None,
        }
        if self.ship_elsewhere:
            ship = {k.removeprefix("ship_"): v for k, v in self.shipping.items()}
            body["shipping_address"] = address_body(ship)
        return body

    def immediate_order(self) -> PlaceImmediateOrder | None:
        """The Sofortauftrag this form asks for, or None with ``errors`` saying why."""
        body = self.draft()
        if self.new_customer:
            contact = self.contact
            body["customer"] = {
                "name": contact["name"],
                "email": contact["email"] or None,
                "phone": contact["phone"] or None,
                "company": contact["company"] or None,
                "billing_address": address_body(contact),
            }
        elif self.customer_id:
            body["customer_id"] = self.customer_id
        else:
            self.errors["customer"] = N_("Choose a customer or tick New customer")
        return self._validated(PlaceImmediateOrder, body)  # type: ignore[return-value]

    def customer_order(self) -> OrderDraft | None:
        """The Kundenauftrag's draft (the customer is fixed by the page), or None with ``errors``."""
        return self._validated(OrderDraft, self.draft())  # type: ignore[return-value]

    def _validated(self, command: type[BaseModel], body: dict[str, Any]) -> BaseModel | None:
        try:
            validated = command.model_validate(body)
        except ValidationError as exc:
            for error in exc.errors():
                name, message = field_of(error)
                self.errors.setdefault(name, message)
            return None
        return None if self.errors else validated

    def total(self) -> Decimal | None:
        """The running total of the lines typed so far, by the domain's total rule (``order_total``);
        None while no line has a quantity and a unit price."""
        lines = []
        for line in self.lines:
            try:
                # The title does not enter the total: a line being typed counts before it has one.
                priced = {**line, "title": line["title"] or "-", "quantity": int(line["quantity"])}
                lines.append(OrderLine.model_validate({k: v or None for k, v in priced.items()}))
            except (ValueError, ValidationError):
                continue
        try:
            shipping = Decimal(self.shipping_cost or "0")
        except ArithmeticError:
            shipping = Decimal("0")
        return order_total(lines, shipping, []) if lines and shipping.is_finite() else None


def blank_line() -> dict[str, str]:
    return dict.fromkeys(LINE_FIELDS, "")


def field_of(error: Mapping[str, Any]) -> tuple[str, str]:
    """(form field, message) for one of a command's validation errors (its ``loc`` names the field)."""
    loc = [str(part) for part in error["loc"]]
    message = str(error["msg"]).removeprefix("Value error, ")
    if error.get("type") in ("missing", "string_too_short"):
        message = N_("Required")
    if loc == ["lines"] and (found := _LINE_PROBLEM.fullmatch(message)):
        return f"lines.{found[1]}.{found[2]}", found[3]
    if loc[:1] == ["lines"] and len(loc) >= 3:
        return f"lines.{loc[1]}.{loc[2]}", message
    if loc[:2] == ["customer", "billing_address"] and len(loc) > 2:
        return _ADDRESS_KEYS.get(loc[2], loc[2]), message
    if loc[:1] == ["customer"] and len(loc) > 1:
        return loc[1], message
    if loc[:1] == ["shipping_address"] and len(loc) > 1:
        return "ship_" + _ADDRESS_KEYS.get(loc[1], loc[1]), message
    if loc[:1] == ["customer_id"]:
        return "customer", message
    if loc and loc[0] in ("currency", "shipping_cost", "note"):
        return loc[0], message
    return "form", message


def _at(values: Sequence[str], index: int) -> str:
    return values[index] if index < len(values) else ""


def _line_body(line: dict[str, str], index: int, errors: dict[str, str]) -> dict[str, Any]:
    """A blank required field is left out, so that the command calls it missing ("Required")."""
    body: dict[str, Any] = {
        "sku": line["sku"] or None,
        "title": line["title"],
        "tax_rate": line["tax_rate"] or None,
    }
    if line["unit_price"]:
        body["unit_price"] = line["unit_price"]
    if line["quantity"]:
        try:
            body["quantity"] = int(line["quantity"])
        except ValueError:
            # A form sends text and the API takes a JSON whole number (it refuses "3"): the whole
            # number is read here, anything else refused as the API refuses it.
            errors[f"lines.{index}.quantity"] = N_("must be a whole number such as 3")
    return body


def address_body(values: Mapping[str, str]) -> dict[str, Any]:
    return {
        "name": values.get("name", ""),
        "company": values.get("company") or None,
        "street": values.get("street", ""),
        "postal_code": values.get("postal_code", ""),
        "city": values.get("city", ""),
        "country_code": values.get("country", ""),
        "phone": values.get("phone") or None,
    }
