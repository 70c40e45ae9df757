"""The domain's ISO code lists are pycountry's: a generated copy that must not go stale."""

from __future__ import annotations

import pycountry

from domain.iso_codes import COUNTRY_CODES, CURRENCY_CODES
from tools.iso_codes import TARGET, render


def test_the_generated_file_is_what_the_installed_pycountry_gives() -> None:
    assert TARGET.read_text() == render(), "domain/iso_codes.py is stale: run `make iso-codes`"


def test_the_code_lists_are_pycountrys() -> None:
    assert {c.alpha_2 for c in pycountry.countries} == COUNTRY_CODES
    assert {c.alpha_3 for c in pycountry.currencies} == CURRENCY_CODES
    assert {"DE", "AT", "GB"} <= COUNTRY_CODES and {"EUR", "GBP", "JPY"} <= CURRENCY_CODES
