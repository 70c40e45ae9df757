"""AES-GCM sealing under the secret key: what it refuses, and why."""

from __future__ import annotations

import base64

import pytest

from adapters.secrets.master_key import MasterKey, new_key
from adapters.secrets.sealing import SealedValueError, SecretBox, SecretKeyMismatchError, key_id_of

AD = b'["orderhub_channel_settings", "ebay-de", "refresh_token"]'


@pytest.fixture
def box() -> SecretBox:
    return SecretBox(new_key("a test key"))


def test_a_sealed_value_opens_with_its_key_and_associated_data(box: SecretBox) -> None:
    sealed = box.seal(b"v^1.1#r^1#p^3", AD)
    assert b"v^1.1" not in sealed.encode()
    assert key_id_of(sealed) == box.key.key_id
    assert box.open(sealed, AD) == b"v^1.1#r^1#p^3"


def test_the_same_value_sealed_twice_looks_different(box: SecretBox) -> None:
    assert box.seal(b"same", AD) != box.seal(b"same", AD)  # a fresh nonce each time


def flip(sealed: str, at: int) -> str:
    head, key_id, body = sealed.split(".")
    raw = bytearray(base64.urlsafe_b64decode(body))
    raw[at] ^= 0x01
    return f"{head}.{key_id}.{base64.urlsafe_b64encode(bytes(raw)).decode()}"


@pytest.mark.parametrize("at", [0, 12, -1], ids=["nonce", "ciphertext", "tag"])
def test_a_tampered_value_is_refused(box: SecretBox, at: int) -> None:
    with pytest.raises(SealedValueError, match="integrity check"):
        box.open(flip(box.seal(b"secret", AD), at), AD)


def test_a_value_sealed_for_another_channel_or_field_is_refused(box: SecretBox) -> None:
    sealed = box.seal(b"secret", AD)
    with pytest.raises(SealedValueError, match="copied from another place"):
        box.open(sealed, AD.replace(b"ebay-de", b"ebay-at"))
    with pytest.raises(SealedValueError):
        box.open(sealed, AD.replace(b"refresh_token", b"client_secret"))


def test_another_key_is_named_as_a_key_mismatch_not_as_tampering(box: SecretBox) -> None:
    other = SecretBox(new_key("ORDERHUB_SECRET_KEY"))
    with pytest.raises(SecretKeyMismatchError, match="the secret key does not match") as caught:
        other.open(box.seal(b"secret", AD), AD)
    assert caught.value.sealed_under == box.key.key_id
    assert "secret" not in str(caught.value).replace("secret key", "")


def test_a_value_whose_key_id_was_edited_is_refused(box: SecretBox) -> None:
    sealed = box.seal(b"secret", AD)
    same_key_other_id = SecretBox(MasterKey(box.key.key, "x"))
    head, _, body = sealed.split(".")
    with pytest.raises(SecretKeyMismatchError):
        same_key_other_id.open(f"{head}.0000000000000000.{body}", AD)


@pytest.mark.parametrize("junk", ["", "clear text", "ohs1.abc", "ohs2.a.b", "ohs1.{kid}.!!!"])
def test_what_is_not_a_sealed_value_is_refused(box: SecretBox, junk: str) -> None:
    with pytest.raises((SealedValueError, SecretKeyMismatchError)):
        box.open(junk.replace("{kid}", box.key.key_id), AD)


def test_key_ids_differ_between_keys_and_reveal_nothing_of_the_key(box: SecretBox) -> None:
    other = new_key("x")
    assert box.key.key_id != other.key_id
    assert box.key.key_id not in (box.key.encoded(), box.key.key.hex())
    assert "key=" not in repr(box.key) and box.key.encoded() not in repr(box.key)


def test_values_sealed_together_open_alone_each_under_its_own_associated_data(box: SecretBox) -> None:
    values = [(bytes([n]) * 32, f"orderhub personal key {n}/contact".encode()) for n in range(5)]
    sealed = box.seal_many(values)
    assert [box.open(s, ad) for s, (_, ad) in zip(sealed, values, strict=True)] == [v for v, _ in values]
    nonces = {base64.urlsafe_b64decode(s.split(".")[2])[:12] for s in sealed}
    assert len(nonces) == 5  # one call for randomness, still a nonce of its own each
    with pytest.raises(SealedValueError):
        box.open(sealed[0], values[1][1])  # a key's row copied to another name does not open
