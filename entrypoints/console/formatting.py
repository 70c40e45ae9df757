"""Money, moments and statuses as the merchant reads them, in the request's language and the
merchant's time zone. Only presentation: every value comes from the domain or a read model."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from zoneinfo import ZoneInfo

from babel.core import Locale
from babel.dates import format_date, format_datetime, format_skeleton
from babel.numbers import format_currency, format_decimal

from domain.status import OrderStatus
from entrypoints.console.i18n import LOCALES, N_, current_language, gettext

STATUS_WORDS: dict[str, str] = {
    OrderStatus.PENDING: N_("Pending"),
    OrderStatus.OPEN: N_("Open"),
    OrderStatus.PAID: N_("Paid"),
    OrderStatus.PARTIALLY_SHIPPED: N_("Partially shipped"),
    OrderStatus.SHIPPED: N_("Shipped"),
    OrderStatus.CANCELLED: N_("Cancelled"),
}

ROLE_WORDS: dict[str, str] = {"admin": N_("admin"), "staff": N_("staff"), "viewer": N_("viewer")}


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(LOCALES[language])


def locale() -> Locale:
    """The request's locale, parsed once per language (Babel parses a locale name at every call)."""
    return _locale(current_language())


def money(amount: Decimal | str | float | int | None, currency: str) -> str:
    """``64,87 €`` in German, ``€64.87`` in English; an empty text for no amount."""
    if amount is None or amount == "":
        return ""
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        return str(amount)
    return format_currency(value, currency, locale=locale())


def number(value: int | Decimal) -> str:
    return format_decimal(value, locale=locale())


def moment(value: datetime | str | None, zone: ZoneInfo) -> str:
    """A point in time as a date and time of day in the merchant's time zone."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return format_datetime(value.astimezone(zone), "medium", locale=locale())


def day(value: date | str | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return format_date(value, "medium", locale=locale())


def day_short(value: date) -> str:
    """A day as a chart's axis writes it (``Dec 3``, ``3. Dez.``)."""
    return format_skeleton("MMMd", value, locale=locale())


def status_word(status: str | None) -> str:
    """The status in words ("Shipped", "Versandt"); an unknown value as it is."""
    if status is None:
        return ""
    word = STATUS_WORDS.get(status)
    return gettext(word) if word else str(status)
