"""Oscar addresses and users -> orderhub ``Address`` and buyer id (pure functions)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from domain.address import Address


class OscarMappingError(ValueError):
    """An Oscar payload that cannot be mapped; the channel quarantines the order with this message."""


def last_path_segment(url: str) -> str:
    """``http://shop/api/countries/DE/`` -> ``DE``; ``http://shop/api/users/2/`` -> ``2``."""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    if not segments:
        raise OscarMappingError(f"{url!r} has no path to take an id from")
    return segments[-1]


def country_code(value: Any) -> str:
    """Oscar serialises ``country`` as a hyperlink whose last path segment is the ISO alpha-2 code."""
    if not isinstance(value, str) or not value.strip():
        raise OscarMappingError(f"address country {value!r} is neither a URL nor a code")
    code = last_path_segment(value) if "/" in value else value.strip()
    if len(code) != 2 or not code.isalpha():
        raise OscarMappingError(f"address country {value!r} does not end in an ISO 3166-1 alpha-2 code")
    return code.upper()


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    return value.strip() if isinstance(value, str) else ""


def full_name(data: Mapping[str, Any]) -> str:
    return " ".join(part for part in (_text(data, "first_name"), _text(data, "last_name")) if part)


def address(data: Any, which: str) -> Address | None:
    """Oscar address -> Address (``line4`` is the city; ``state`` has no place in Address and is dropped)."""
    if data is None:
        return None
    if not isinstance(data, Mapping):
        raise OscarMappingError(f"{which} address is a {type(data).__name__}, not an object")
    name = full_name(data)
    if not name:
        raise OscarMappingError(f"{which} address has neither first_name nor last_name")
    street2 = ", ".join(part for part in (_text(data, "line2"), _text(data, "line3")) if part)
    try:
        return Address(
            name=name,
            street=_text(data, "line1"),
            street2=street2 or None,
            postal_code=_text(data, "postcode"),
            city=_text(data, "line4"),
            country_code=country_code(data.get("country")),
            phone=_text(data, "phone_number") or None,
        )
    except ValueError as exc:
        raise OscarMappingError(f"{which} address: {_first_error(exc)}") from None


def buyer_external_id(owner: Any) -> str | None:
    """Oscar's ``owner`` is the user's URL (``.../api/users/2/`` -> ``2``); None for guest orders."""
    if owner is None:
        return None
    if not isinstance(owner, str):
        raise OscarMappingError(f"owner {owner!r} is not a user URL")
    return last_path_segment(owner)


OSCAR_FIELD = {
    "street": "line1",
    "street2": "line2",
    "city": "line4",
    "postal_code": "postcode",
    "phone": "phone_number",
}


def _first_error(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        return f"{OSCAR_FIELD.get(field, field)}: {first['msg']}"
    return str(exc)
