"""Stand-in ids and bytes that are not UTF-8 (adapters/channels/raw_payloads.py)."""

from __future__ import annotations

import json
from typing import Any

import orjson
from hypothesis import given
from hypothesis import strategies as st

from adapters.channels.raw_payloads import is_stand_in, stand_in_id, storable, undecodable_text

BAD = b"Uhr \xff".decode("utf-8", "surrogateescape")

payloads = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=10,
)


@given(payloads, payloads)
def test_a_stand_in_id_is_stable_and_differs_for_different_payloads(first: Any, second: Any) -> None:
    assert stand_in_id(first) == stand_in_id(first)
    assert is_stand_in(stand_in_id(first))
    if json.dumps(first, sort_keys=True) != json.dumps(second, sort_keys=True):
        assert stand_in_id(first) != stand_in_id(second)


def test_a_stand_in_id_takes_payloads_with_bad_bytes() -> None:
    assert stand_in_id({"title": BAD}) != stand_in_id({"title": "Uhr \ufffd"})


def test_the_first_text_with_bad_bytes_is_found_by_its_path() -> None:
    order = {"orderId": "1", "lineItems": [{"title": "ok"}, {"title": BAD}]}
    assert undecodable_text(order) == "lineItems[1].title"
    assert undecodable_text({"orderId": "1", "lineItems": [{"title": "Äpfel"}]}) is None


def test_a_storable_copy_replaces_bad_bytes_and_keeps_the_rest() -> None:
    stored = storable({"a": [BAD, "Grüße", 3], BAD: None})
    assert stored == {"a": ["Uhr \ufffd", "Grüße", 3], "Uhr \ufffd": None}
    orjson.dumps(stored)  # the event store's encoder takes it
