"""How typed text is matched by search: German folding, the words a text is found by.

One rule for both sides: what a row is indexed under (``index_terms``) and what a query looks for
(``query_words``) are folded the same way, so "STRASSE" finds "Straße", "Mueller" and "Muller" both
find "Müller", and "José" finds "Jose".

- Case is folded (``casefold``), ß becomes ss, other accents are dropped (NFKD without combining
  marks), and a few letters that do not decompose are spelled out (ø, æ, œ, ł, đ, þ).
- ä, ö, ü are indexed twice: as ae/oe/ue (how Germans spell them without umlauts) and as a/o/u
  (how everyone else does). A query folds them to ae/oe/ue, which is one of the two forms.
- A word is what whitespace separates. Inside it, anything but letters and digits is dropped, so
  "ORD-1042", "ord1042" and "Ord 1042"... are one word; each run of letters or digits in it is a
  term of its own too, so "Hans-Peter" is found by "Peter" and "hans.mueller@example.de" by
  "mueller".
- A query word matches every term it is a prefix of; the words of a query must all match.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

MAX_TERM = 40
"""Longer terms are cut: nobody types more of a word than this to find it."""
MIN_PREFIX = 2
"""A one-letter query word matches whole one-letter terms only, never as a prefix (it would match
nearly every row)."""

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
_PLAIN = str.maketrans({"ä": "a", "ö": "o", "ü": "u"})
_SPELLED = str.maketrans(
    {"ß": "ss", "ẞ": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)
_RUNS = re.compile(r"[^\W_]+")
_KEEP_UMLAUTS = {"a\u0308": "ä", "o\u0308": "ö", "u\u0308": "ü"}
_COMBINED = re.compile("[aou]\u0308")


def _fold_marks(text: str) -> str:
    """Case-folded, accents dropped except the umlauts ä, ö, ü (kept for the two spellings)."""
    folded = unicodedata.normalize("NFKD", text).casefold()  # after NFKD: "ℌ" decomposes to "H"
    folded = _COMBINED.sub(lambda m: _KEEP_UMLAUTS[m.group()], folded)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return folded.translate(_SPELLED)


def fold(text: str) -> str:
    """``text`` as search compares it (umlauts as ae/oe/ue): the form of a query."""
    return _fold_marks(text).translate(_UMLAUTS)


def _word_terms(word: str, into: set[str]) -> None:
    runs = _RUNS.findall(word)
    if not runs:
        return
    into.add("".join(runs)[:MAX_TERM])
    if len(runs) > 1:
        into.update(run[:MAX_TERM] for run in runs)


def index_terms(texts: Iterable[str | None]) -> set[str]:
    """Every term the texts are found by (see the module's rules)."""
    terms: set[str] = set()
    for text in texts:
        if not text:
            continue
        marked = _fold_marks(text) if not text.isascii() else text.lower()
        for word in marked.split():
            if word.isascii():
                _word_terms(word, terms)
            else:
                _word_terms(word.translate(_UMLAUTS), terms)
                _word_terms(word.translate(_PLAIN), terms)
    return terms


def query_words(query: str | None) -> list[str]:
    """The folded words of a query, each to be matched as a prefix; empty for a blank query."""
    if not query:
        return []
    words: list[str] = []
    for word in fold(query).split():
        joined = "".join(_RUNS.findall(word))[:MAX_TERM]
        if joined and joined not in words:
            words.append(joined)
    return words


def number_terms(number: str) -> set[str]:
    """The terms of an order's or customer's number (``ORD-1042``): itself and its digits, not the
    prefix every number shares (a term of every row)."""
    runs = _RUNS.findall(number.lower())
    terms = {"".join(runs)[:MAX_TERM]} if runs else set()
    return terms | {r[:MAX_TERM] for r in runs if r.isdigit()}


def normalise_number(number: str) -> str:
    """An order's or customer's number as stored (``ord-1042 `` → ``ORD-1042``)."""
    return number.strip().upper()
