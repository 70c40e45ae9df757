"""KeyRef hashes once at creation (speed); it must still behave as a value."""

from __future__ import annotations

from uuid import uuid4

from ports.personal_keys import CONTACT, KeyRef, documents


def test_key_names_are_values_whose_hash_was_computed_once() -> None:
    whose = uuid4()
    keys = {KeyRef(whose, CONTACT): 1, KeyRef(whose, documents(2026)): 2, KeyRef(uuid4(), CONTACT): 3}
    assert keys[KeyRef(whose, CONTACT)] == 1
    assert keys[KeyRef(whose, documents(2026))] == 2
    assert KeyRef(whose, CONTACT) != KeyRef(whose, documents(2026))
    assert repr(KeyRef(whose, CONTACT)) == f"KeyRef(subject={whose!r}, purpose='contact')"
