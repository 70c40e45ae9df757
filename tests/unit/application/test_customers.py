"""Registering and reading customers, on in-memory persistence."""

from __future__ import annotations

import unicodedata
from uuid import uuid4

import pytest

from application.commands import PlaceImmediateOrder, RegisterCustomer
from domain.errors import CustomerNotFoundError, EmailAlreadyClaimedError
from entrypoints.bootstrap import Services
from ports.read_models import CustomerFilter
from tests.support.order_data import immediate_order, new_customer


def test_a_registered_customer_can_be_read_back(services: Services) -> None:
    customer = services.customers.register(RegisterCustomer.model_validate(new_customer()))
    assert services.customers.get(customer.id).contact.email == "anna@example.com"
    assert customer.number.startswith("CUS-")


def test_registering_an_email_that_is_taken_names_its_owner(services: Services) -> None:
    owner = services.customers.register(RegisterCustomer.model_validate(new_customer("anna@example.com")))
    with pytest.raises(EmailAlreadyClaimedError) as refused:
        services.customers.register(RegisterCustomer.model_validate(new_customer(" ANNA@example.com ")))
    assert refused.value.customer_id == owner.id


def test_an_email_taken_in_nfc_cannot_be_registered_again_in_nfd(services: Services) -> None:
    nfc, nfd = (unicodedata.normalize(form, "jürgen.n@example.de") for form in ("NFC", "NFD"))
    owner = services.customers.register(RegisterCustomer.model_validate(new_customer(nfc)))
    with pytest.raises(EmailAlreadyClaimedError) as refused:
        services.customers.register(RegisterCustomer.model_validate(new_customer(nfd)))
    assert refused.value.customer_id == owner.id


def test_an_email_taken_by_an_immediate_order_cannot_be_registered_again(services: Services) -> None:
    order = services.ordering.place_immediate_order(PlaceImmediateOrder.model_validate(immediate_order()))
    with pytest.raises(EmailAlreadyClaimedError) as refused:
        services.customers.register(RegisterCustomer.model_validate(new_customer("Anna@Example.com")))
    assert refused.value.customer_id == order.customer_id


def test_customers_without_email_may_share_a_name(services: Services) -> None:
    first = services.customers.register(RegisterCustomer.model_validate(new_customer(None)))
    second = services.customers.register(RegisterCustomer.model_validate(new_customer(None)))
    assert first.id != second.id


def test_reading_an_unknown_customer_is_refused(services: Services) -> None:
    with pytest.raises(CustomerNotFoundError):
        services.customers.get(uuid4())


def test_customers_are_found_by_normalised_email_and_by_text(services: Services) -> None:
    services.customers.register(RegisterCustomer.model_validate(new_customer("anna@example.com")))
    services.customers.register(
        RegisterCustomer.model_validate(new_customer("bernd@example.com", name="Bernd", company="Holz AG"))
    )
    by_email = services.queries.list_customers(CustomerFilter(email=" ANNA@example.com"))
    by_text = services.queries.list_customers(CustomerFilter(q="holz"))
    assert [c["name"] for c in by_email.items] == ["Anna Schmidt"]
    assert [c["name"] for c in by_text.items] == ["Bernd"]
