"""Postal addresses as immutable value objects."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, StringConstraints, WithJsonSchema

from domain.eventsourced import Immutable
from domain.iso_codes import COUNTRY_CODES

Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
RequiredText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


def _check_country(value: str) -> str:
    code = value.strip().upper()
    if code not in COUNTRY_CODES:
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code")
    return code


CountryCode = Annotated[
    str,
    AfterValidator(_check_country),
    WithJsonSchema({"type": "string", "enum": sorted(COUNTRY_CODES), "examples": ["DE"]}),
]
"""An ISO 3166-1 alpha-2 code; accepted in any case and with surrounding blanks, stored upper-case."""


class Address(Immutable):
    name: RequiredText
    company: Text | None = None
    street: RequiredText
    street2: Text | None = None
    postal_code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]
    city: RequiredText
    country_code: CountryCode
    phone: Annotated[str, StringConstraints(strip_whitespace=True, max_length=50)] | None = None
