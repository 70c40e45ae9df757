"""The search folding rule (domain/search_text.py): what a text is found by, what a query looks for."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.search_text import (
    MAX_TERM,
    MIN_PREFIX,
    fold,
    index_terms,
    normalise_number,
    number_terms,
    query_words,
)


def found(text: str, query: str) -> bool:
    """Every query word is the prefix of a term of the text (what the read model asks)."""
    terms, words = index_terms([text]), query_words(query)
    return bool(words) and all(
        any(t.startswith(w) if len(w) >= MIN_PREFIX else t == w for t in terms) for w in words
    )


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("Müller", "Müller"), ("Müller", "Mueller"), ("Müller", "MULLER"), ("Müller", "mül"),
        ("Straße", "STRASSE"), ("Hauptstraße 1", "hauptstr"), ("Straße", "Straße"),
        ("Größe", "groesse"), ("Größe", "grosse"), ("José", "jose"), ("Øresund", "oresund"),
        ("Łódź", "lodz"), ("Hans-Peter", "peter"), ("Hans-Peter", "hans-peter"), ("Hans-Peter", "HansPeter"),
        ("hans.mueller@example.de", "mueller"), ("hans.mueller@example.de", "hans.mueller@example.de"),
        ("+49 30 1234-567", "1234"), ("10115", "101"), ("ÄRGER", "aerger"), ("ﬁsch", "fisch"),
    ],
)  # fmt: skip
def test_a_text_is_found_by_the_ways_people_type_it(text: str, query: str) -> None:
    assert found(text, query)


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("Müller", "Mueler"),
        ("Straße", "strase"),
        ("Anna Berlin", "anna köln"),
        ("Müller", "m"),
        ("Müller", ""),
    ],
)
def test_what_differs_is_not_found(text: str, query: str) -> None:
    assert not found(text, query)


def test_umlauts_are_indexed_in_both_spellings_and_queries_fold_to_ae() -> None:
    assert index_terms(["Jürgen Müller"]) == {"juergen", "jurgen", "mueller", "muller"}
    assert fold("ÄÖÜäöüß") == "aeoeueaeoeuess"
    assert query_words("  Müller   STRASSE müller ") == ["mueller", "strasse"]
    assert query_words(None) == [] and query_words(" -- ") == []


def test_an_identifier_is_one_term_and_a_number_leaves_out_its_common_prefix() -> None:
    assert index_terms(["12-03955-36441"]) == {"120395536441", "12", "03955", "36441"}
    assert number_terms("ORD-1042") == {"ord1042", "1042"}
    assert normalise_number(" ord-1042 ") == "ORD-1042"


def test_blank_and_missing_texts_give_no_terms_and_long_words_are_cut() -> None:
    assert index_terms([None, "", "  ", "-"]) == set()
    assert index_terms(["x" * 100]) == {"x" * MAX_TERM}
    assert query_words("y" * 100) == ["y" * MAX_TERM]


@given(st.text(max_size=60))
def test_any_text_is_found_by_itself_and_terms_are_lower_case_letters_and_digits(text: str) -> None:
    terms = index_terms([text])
    assert all(t and len(t) <= MAX_TERM and all(c.isalnum() for c in t) for t in terms)
    assert all(t == t.lower() or not t.isascii() for t in terms)
    words = query_words(text)
    if words and all(len(w) > 1 for w in words):
        assert all(any(t.startswith(w) for t in terms) for w in words)
