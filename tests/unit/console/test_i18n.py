"""The console's languages and formats: negotiation, complete catalogues, money, dates, statuses."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from babel.messages.catalog import Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from domain.status import OrderStatus
from entrypoints.console import formatting
from entrypoints.console.i18n import CATALOGUES, LANGUAGES, negotiate, speaking, translations

PACKAGE = CATALOGUES.parent


@pytest.mark.parametrize(
    ("chosen", "accept", "expected"),
    [
        (None, "", "en"),
        (None, "de-DE,de;q=0.9,en;q=0.8", "de"),
        (None, "fr-FR, en;q=0.5, de;q=0.7", "de"),
        (None, "fr, it", "en"),
        (None, "de;q=0, en", "en"),
        (None, "de;q=nonsense", "en"),
        ("en", "de", "en"),
        ("de", "", "de"),
        ("xx", "de", "de"),
    ],
)
def test_the_language_is_the_users_choice_else_the_browsers_else_english(
    chosen: str | None, accept: str, expected: str
) -> None:
    assert negotiate(chosen, accept) == expected


def texts_of_the_console() -> set[str]:
    method_map = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
    options = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true"}}
    found = extract_from_dir(
        PACKAGE, method_map, options, keywords={"_": None, "gettext": None, "N_": None, "ngettext": (1, 2)}
    )
    texts = {message if isinstance(message, str) else message[0] for _, _, message, _, _ in found}
    return {text for text in texts if text}


def german() -> dict[str, Message]:
    with (CATALOGUES / "de" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalogue = read_po(po)
    return {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalogue if m.id}


def test_every_text_of_the_console_has_its_german_translation() -> None:
    texts = texts_of_the_console()
    assert {"Sign in", "Username", "Password", "Dashboard", "Shipped", "%(num)s order in quarantine"} <= texts
    catalogue = german()
    translated = {
        text
        for text, m in catalogue.items()
        if not m.fuzzy and (all(m.string) if isinstance(m.string, tuple) else m.string)
    }
    assert sorted(texts - translated) == []
    assert translations("de").gettext("Shipped") == "Versandt"
    assert (
        translations("de").ngettext("%(num)s order in quarantine", "", 2)
        == "%(num)s Bestellungen in Quarantäne"
    )


def test_no_german_translation_is_left_over_from_a_text_that_is_gone() -> None:
    assert sorted(set(german()) - texts_of_the_console()) == []


def test_money_as_the_merchant_reads_it() -> None:
    with speaking("de"):
        assert formatting.money(Decimal("64.87"), "EUR") == "64,87\xa0€"
        assert formatting.money("1234.5", "EUR") == "1.234,50\xa0€"
    with speaking("en"):
        assert formatting.money(Decimal("64.87"), "EUR") == "€64.87"
        assert formatting.money(None, "EUR") == ""


def test_moments_in_the_merchants_time_zone() -> None:
    late = datetime(2026, 12, 3, 23, 30, tzinfo=UTC)  # already 4 December in Berlin
    with speaking("de"):
        assert formatting.moment(late, ZoneInfo("Europe/Berlin")) == "04.12.2026, 00:30:00"
        assert formatting.moment(late.isoformat(), ZoneInfo("America/New_York")) == "03.12.2026, 18:30:00"
    with speaking("en"):
        assert formatting.moment(late, ZoneInfo("Europe/Berlin")).startswith("Dec 4, 2026, 12:30:00")


def test_every_status_has_words_in_every_language() -> None:
    for language in LANGUAGES:
        with speaking(language):
            words = [formatting.status_word(status) for status in OrderStatus]
        assert len(set(words)) == len(OrderStatus)
        assert all(word not in {s.value for s in OrderStatus} - {"open"} for word in words)
    with speaking("de"):
        assert formatting.status_word(OrderStatus.SHIPPED) == "Versandt"
    with speaking("en"):
        assert formatting.status_word(OrderStatus.PARTIALLY_SHIPPED) == "Partially shipped"
