"""The console's languages: English (the source texts) and German, from gettext catalogues.

The catalogues are the ``.po`` files under ``i18n/``; they are compiled in memory when the console
is built (no ``.mo`` files to keep in step), so editing a ``.po`` file and restarting is enough.
The language of a request is the one its user chose in the console, else the first of the
browser's ``Accept-Language`` that the console speaks, else English.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

CATALOGUES = Path(__file__).parent / "i18n"
DOMAIN = "messages"
DEFAULT_LANGUAGE = "en"
LANGUAGES = {"en": "English", "de": "Deutsch"}
"""The languages the console speaks, each under its own name (as a language menu shows them)."""
LOCALES = {"en": "en_US", "de": "de_DE"}
"""The locale whose conventions (money, dates) each language uses."""


@cache
def translations(language: str) -> NullTranslations:
    if language == DEFAULT_LANGUAGE:
        return NullTranslations()
    path = CATALOGUES / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as po:
        catalogue = read_po(po, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)  # fuzzy entries are left out, as msgfmt does
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def load_all() -> None:
    """Read every catalogue now: a broken ``.po`` file stops the start, not the first German page."""
    for language in LANGUAGES:
        translations(language)


def negotiate(chosen: str | None, accept_language: str) -> str:
    if chosen in LANGUAGES:
        return chosen
    wanted: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        language = tag.strip().lower().split("-")[0]
        if language in LANGUAGES and quality > 0:
            wanted.append((-quality, position, language))
    return min(wanted)[2] if wanted else DEFAULT_LANGUAGE


_current: ContextVar[str] = ContextVar("console_language", default=DEFAULT_LANGUAGE)


@contextmanager
def speaking(language: str) -> Iterator[str]:
    """Texts translated inside the block (templates, messages from Python) are in ``language``."""
    token = _current.set(language)
    try:
        yield language
    finally:
        _current.reset(token)


def speak_for_request(language: str) -> None:
    """For a console request: it runs in a context of its own (as application/acting.py's actor
    does), so texts its route translates are in its language; nothing needs restoring."""
    _current.set(language)


def current_language() -> str:
    return _current.get()


def gettext(message: str) -> str:
    return translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current.get()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a text for the catalogue where it is defined; it is translated where it is shown."""
    return message
