"""The console's order form: typed text to the API's commands, and refusals back to their fields."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from application.commands import OrderDraft, PlaceImmediateOrder
from entrypoints.console.order_form import OrderForm, blank_line, field_of

ANNA = {
    "name": "Anna Schmidt",
    "email": "anna@example.com",
    "phone": "",
    "company": "",
    "street": "Hauptstr. 1",
    "postal_code": "10115",
    "city": "Berlin",
    "country": "de",
}


def line(**changes: str) -> dict[str, str]:
    return {
        "sku": "MUG-1",
        "title": "Tasse",
        "quantity": "3",
        "unit_price": "19.99",
        "tax_rate": "19",
        **changes,
    }


def form(**changes: Any) -> OrderForm:
    values: dict[str, Any] = {
        "new_customer": True,
        "contact": dict(ANNA),
        "lines": [line()],
        "shipping_cost": "4.90",
    }
    return OrderForm(**{**values, **changes})


def posted(pairs: list[tuple[str, str]]) -> OrderForm:
    data = dict(pairs)
    return OrderForm.from_form(data, lambda name: [v for k, v in pairs if k == name])


def test_new_customer_data_becomes_the_commands_customer_with_the_name_on_the_billing_address() -> None:
    command = form().immediate_order()
    assert isinstance(command, PlaceImmediateOrder)
    assert command.customer is not None and command.customer.billing_address.name == "Anna Schmidt"
    assert command.customer.billing_address.country_code == "DE"
    assert command.lines[0].quantity == 3 and command.shipping_cost == Decimal("4.90")


def test_the_nth_value_of_each_line_field_makes_the_nth_line() -> None:
    pairs = [("new_customer", "1"), *((k, v) for k, v in ANNA.items())]
    for sku, quantity in (("A", "1"), ("B", "2")):
        pairs += [
            ("sku", sku),
            ("title", f"Item {sku}"),
            ("quantity", quantity),
            ("unit_price", "1.00"),
            ("tax_rate", ""),
        ]
    command = posted(pairs).immediate_order()
    assert command is not None
    assert [(li.sku, li.quantity) for li in command.lines] == [("A", 1), ("B", 2)]


def test_a_blank_required_field_is_reported_as_required_next_to_it() -> None:
    typed = form(lines=[line(title="", unit_price="")], contact={**ANNA, "city": ""})
    assert typed.immediate_order() is None
    assert typed.errors == {"lines.0.title": "Required", "lines.0.unit_price": "Required", "city": "Required"}


def test_a_quantity_that_is_not_a_whole_number_is_refused_as_the_api_refuses_it() -> None:
    typed = form(lines=[line(quantity="2.5")])
    assert typed.immediate_order() is None
    assert typed.errors == {"lines.0.quantity": "must be a whole number such as 3"}


def test_a_lines_currency_rule_lands_on_that_lines_field() -> None:
    typed = form(lines=[line(unit_price="10.50")], currency="JPY", shipping_cost="500")
    assert typed.immediate_order() is None
    assert list(typed.errors) == ["lines.0.unit_price"]
    assert "not a whole amount of JPY" in typed.errors["lines.0.unit_price"]


def test_a_tax_rate_written_as_a_fraction_is_refused_on_its_field() -> None:
    typed = form(lines=[line(tax_rate="0.19")])
    assert typed.immediate_order() is None
    assert "percentage" in typed.errors["lines.0.tax_rate"]


def test_without_a_customer_or_new_customer_data_the_form_asks_for_one() -> None:
    typed = form(new_customer=False)
    assert typed.immediate_order() is None
    assert typed.errors["customer"] == "Choose a customer or tick New customer"


def test_the_shipping_address_fields_map_to_the_shipping_address() -> None:
    shipping = {
        "ship_name": "Bob",
        "ship_company": "",
        "ship_street": "Weg 2",
        "ship_postal_code": "",
        "ship_city": "Hamburg",
        "ship_country": "XX",
    }
    typed = form(ship_elsewhere=True, shipping=shipping)
    assert typed.immediate_order() is None
    assert set(typed.errors) == {"ship_postal_code", "ship_country"}
    typed = form(
        ship_elsewhere=True, shipping={**shipping, "ship_postal_code": "20095", "ship_country": "de"}
    )
    command = typed.immediate_order()
    assert command is not None and command.shipping_address is not None
    assert command.shipping_address.city == "Hamburg"


def test_a_customer_order_is_a_draft_without_customer_fields() -> None:
    draft = form(new_customer=False).customer_order()
    assert isinstance(draft, OrderDraft) and not isinstance(draft, PlaceImmediateOrder)


def test_the_running_total_follows_the_domains_rule_and_skips_lines_still_being_typed() -> None:
    typed = form(
        lines=[line(), line(title="", quantity="2", unit_price="1.50"), line(quantity="", unit_price="")]
    )
    assert typed.total() == Decimal("3") * Decimal("19.99") + Decimal("3.00") + Decimal("4.90")
    assert form(lines=[line(quantity="x")]).total() is None


def test_add_and_remove_line_keep_at_least_one_line() -> None:
    typed = form()
    typed.add_line()
    assert len(typed.lines) == 2
    typed.remove_line(0)
    typed.remove_line(0)
    assert typed.lines == [blank_line()]


def test_an_error_of_the_whole_command_is_a_form_error() -> None:
    assert field_of({"loc": (), "msg": "Value error, total: too big", "type": "value_error"}) == (
        "form",
        "total: too big",
    )
