"""eBay buyer and address data (``buyer``, ``ExtendedContact``) → ChannelBuyer and Address."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from adapters.channels.ebay.money_fields import EbayMappingError
from domain.address import Address
from domain.channel_order import ChannelBuyer

# Where the state is part of a usable postal address; the domain Address has no state field.
_STATE_COUNTRIES = frozenset({"US", "CA", "AU"})


def _text(container: Mapping[str, Any] | None, field: str) -> str | None:
    value = container.get(field) if isinstance(container, dict) else None
    if value is None:
        return None
    if not isinstance(value, str):
        raise EbayMappingError(f"{field} must be a string, got {type(value).__name__}")
    return value.strip() or None


def _object(container: Any, field: str) -> Mapping[str, Any]:
    value = container.get(field) if isinstance(container, dict) else None
    return value if isinstance(value, dict) else {}


def ship_to(order: Mapping[str, Any]) -> Mapping[str, Any]:
    """The ship-to contact of the first fulfilment instruction that has one (empty for digital orders)."""
    instructions = order.get("fulfillmentStartInstructions")
    for instruction in instructions if isinstance(instructions, list) else []:
        contact = _object(_object(instruction, "shippingStep"), "shipTo")
        if contact:
            return contact
    return {}


def registration(order: Mapping[str, Any]) -> Mapping[str, Any]:
    return _object(_object(order, "buyer"), "buyerRegistrationAddress")


def contact_address(contact: Mapping[str, Any], what: str) -> Address | None:
    """An Address from an ExtendedContact; None when eBay sent no name or street (PII retention, digital)."""
    postal = _object(contact, "contactAddress")
    parts = {
        "fullName": _text(contact, "fullName"),
        "addressLine1": _text(postal, "addressLine1"),
        "postalCode": _text(postal, "postalCode"),
        "city": _text(postal, "city"),
    }
    if parts["fullName"] is None or parts["addressLine1"] is None:
        return None  # eBay withholds name and address lines after 90 days (and for digital orders)
    missing = [name for name, value in parts.items() if value is None]
    if missing:
        raise EbayMappingError(f"{what} address is incomplete: missing {', '.join(missing)}")
    # Older spec versions call the field ``country``; the newer ones ``countryCode``.
    country = _text(postal, "countryCode") or _text(postal, "country")
    if country is None:
        raise EbayMappingError(f"{what} address has neither countryCode nor country")
    city, state = parts["city"], _text(postal, "stateOrProvince")
    if state and country.upper() in _STATE_COUNTRIES:
        city = f"{city}, {state}"
    try:
        return Address(
            name=parts["fullName"],
            company=_text(contact, "companyName"),
            street=parts["addressLine1"],
            street2=_text(postal, "addressLine2"),
            postal_code=parts["postalCode"],
            city=city,
            country_code=country,
            phone=_text(_object(contact, "primaryPhone"), "phoneNumber"),
        )
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise EbayMappingError(f"{what} address is invalid: {problems}") from None


def buyer(order: Mapping[str, Any]) -> ChannelBuyer:
    """The buyer: eBay user name as the identity, contact data from the registration address or ship-to."""
    registered, shipped_to = registration(order), ship_to(order)
    phone = _text(_object(registered, "primaryPhone"), "phoneNumber") or _text(
        _object(shipped_to, "primaryPhone"), "phoneNumber"
    )
    try:
        return ChannelBuyer(
            external_id=_text(_object(order, "buyer"), "username"),
            email=_text(registered, "email") or _text(shipped_to, "email"),
            name=_text(registered, "fullName") or _text(shipped_to, "fullName"),
            phone=phone,
            company=_text(registered, "companyName") or _text(shipped_to, "companyName"),
        )
    except ValidationError as exc:
        raise EbayMappingError(f"buyer is invalid: {exc.errors()[0]['msg']}") from None


def shipping_address(order: Mapping[str, Any]) -> Address | None:
    return contact_address(ship_to(order), "shipTo")


def billing_address(order: Mapping[str, Any]) -> Address | None:
    registered = registration(order)
    return contact_address(registered, "buyerRegistrationAddress") if registered else None
