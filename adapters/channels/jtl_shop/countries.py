"""Country of a JTL-Shop address: the ISO code (``cISO``) when sent, else the German name (``cLand``).

JTL-Shop exports ``cLand`` as the German name from its ``tland`` table (``cDeutsch``) and, since
Shop 4, the ISO code in ``cISO``. Names are resolved through pycountry's German translations plus
the spellings JTL's table uses where they differ.
"""

from __future__ import annotations

import gettext
import unicodedata
from functools import cache

import pycountry

from domain.iso_codes import COUNTRY_CODES

# tland.cDeutsch spellings (and common ones) that pycountry's German names do not cover.
JTL_NAMES: dict[str, str] = {
    "großbritannien": "GB",
    "england": "GB",
    "usa": "US",
    "vereinigte staaten von amerika": "US",
    "russland": "RU",
    "tschechische republik": "CZ",
    "südkorea": "KR",
    "nordkorea": "KP",
    "vatikanstadt": "VA",
    "iran": "IR",
    "syrien": "SY",
    "moldawien": "MD",
    "mazedonien": "MK",
    "bolivien": "BO",
    "venezuela": "VE",
    "tansania": "TZ",
    "vietnam": "VN",
    "taiwan": "TW",
    "laos": "LA",
    "elfenbeinküste": "CI",
    "palästina": "PS",
}


def _key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


@cache
def _german_names() -> dict[str, str]:
    german = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"], fallback=True)
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names.setdefault(_key(german.gettext(value)), country.alpha_2)
                names.setdefault(_key(value), country.alpha_2)
    names.update({_key(name): code for name, code in JTL_NAMES.items()})
    return names


class UnknownCountryError(ValueError):
    pass


def country_code(iso: str | None, german_name: str | None) -> str:
    code = (iso or "").strip().upper()
    if code in COUNTRY_CODES:
        return code
    name = (german_name or "").strip()
    found = _german_names().get(_key(name)) if name else None
    if found is None and len(name) == 2 and name.upper() in COUNTRY_CODES:
        found = name.upper()  # some shops put the ISO code into cLand (WAWI-39370)
    if found is None:
        raise UnknownCountryError(f"unknown country: cISO={iso!r}, cLand={german_name!r}")
    return found
