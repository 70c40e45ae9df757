"""One address, one key: e-mails are trimmed, lower-cased and put in Unicode NFC before they match."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from uuid import UUID

from hypothesis import given
from hypothesis import strategies as st

from domain.customer import IdentityClaim, normalise_email

NFC_JUERGEN = unicodedata.normalize("NFC", "jürgen.n@example.de")
NFD_JUERGEN = unicodedata.normalize("NFD", "jürgen.n@example.de")

# What addresses are written with: ASCII, letters with diacritics (precomposed or not), combining marks.
ADDRESS_TEXT = st.text(
    st.sampled_from([*"abcXYZ019._+-@", *"äöüÄÖÜéÉèñÑçåÅøØ", "\u0301", "\u0308", "\u030a", " "]), max_size=30
)


def test_an_address_in_nfc_and_in_nfd_has_one_key() -> None:
    assert NFC_JUERGEN != NFD_JUERGEN
    assert IdentityClaim.email_key(NFD_JUERGEN) == IdentityClaim.email_key(NFC_JUERGEN)
    assert normalise_email(f" {NFD_JUERGEN.upper()} ") == NFC_JUERGEN


def test_casefolding_does_not_merge_what_lower_casing_keeps_apart() -> None:
    """``straße.de`` and ``strasse.de`` are two domains (IDNA 2008); casefold would make them one."""
    assert normalise_email("a@STRAẞE.de") == "a@straße.de" != normalise_email("a@strasse.de")


def test_the_keys_of_ascii_addresses_are_the_ones_stored_before() -> None:
    """Claim ids are uuid5 of the key: a changed key for an ASCII address would orphan its claim."""
    key = IdentityClaim.email_key(" Anna@Example.COM ")
    assert key.encode() == b"email:anna@example.com"
    assert IdentityClaim.id_for(key) == UUID("6ce72195-b104-5814-923a-299ce19300f5")


@given(st.text(st.characters(max_codepoint=127), max_size=40))
def test_an_ascii_address_is_normalised_byte_for_byte_as_before(email: str) -> None:
    assert normalise_email(email) == (email.strip().lower() or None)


@given(st.text(max_size=30))
def test_canonically_equivalent_spellings_have_one_normal_form(email: str) -> None:
    forms = {normalise_email(unicodedata.normalize(form, email)) for form in ("NFC", "NFD")}
    assert len(forms) == 1
    normal = forms.pop()
    assert normal is None or (unicodedata.is_normalized("NFC", normal) and normalise_email(normal) == normal)


@given(ADDRESS_TEXT, st.sampled_from(["NFC", "NFD"]), st.sampled_from([str.lower, str.upper, str.swapcase]))
def test_nfc_nfd_and_case_variants_of_an_address_give_one_key(
    email: str, form: str, case: Callable[[str], str]
) -> None:
    variant = f"  {case(unicodedata.normalize(form, email))} "
    assert IdentityClaim.email_key(variant) == IdentityClaim.email_key(email)
