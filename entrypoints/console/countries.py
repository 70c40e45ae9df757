"""The countries an address may name (ISO 3166-1 alpha-2, as ``Address`` takes them), each by its
name in the request's language (CLDR, through Babel), for the address forms' Country select."""

from __future__ import annotations

from functools import cache
from typing import Any

from babel import Locale

from domain.iso_codes import COUNTRY_CODES
from entrypoints.console.formatting import locale

DEFAULT_COUNTRY = "DE"
"""The merchants orderhub is made for are in Germany first; any other is one choice away."""


@cache
def _choices(locale_name: str) -> tuple[tuple[str, str], ...]:
    names = Locale.parse(locale_name).territories
    return tuple(sorted(((code, names.get(code, code)) for code in COUNTRY_CODES), key=lambda c: c[1]))


def country_choices() -> tuple[tuple[str, str], ...]:
    """(code, name) of every country, by name in the current language."""
    return _choices(locale())


ADDRESS_FORM: dict[str, Any] = {"countries": country_choices, "default_country": DEFAULT_COUNTRY}
"""What a page with an address form hands its template (the choices are made while it renders, in
the page's language)."""
