"""AES-GCM sealing of small values (channel secrets, and per-person data keys) under the secret key.

A sealed value is text: ``ohs1.<key id>.<base64url(nonce | ciphertext | tag)>``. The associated data
names what the value belongs to (e.g. channel and field), so a value copied to another row does not
open; the key id tells a wrong key apart from altered bytes and says which rows a rotation must touch.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from adapters.secrets.master_key import MasterKey
from ports.secrets import SecretKeyError

FORMAT = "ohs1"
TAG_BYTES = 16
NONCE_BYTES = 12  # random per value: far below the 2**32 values per key that random nonces allow


class SealedValueError(SecretKeyError):
    """Not a sealed value, altered, or sealed for other associated data."""


class SecretKeyMismatchError(SecretKeyError):
    def __init__(self, sealed_under: str, current: MasterKey) -> None:
        self.sealed_under = sealed_under
        super().__init__(
            f"the secret key does not match: it was sealed under key {sealed_under}, but the key in use "
            f"({current.source}) is key {current.key_id}"
        )


def key_id_of(sealed: str) -> str:
    parts = sealed.split(".")
    if len(parts) != 3 or parts[0] != FORMAT:
        raise SealedValueError("not a sealed value")
    return parts[1]


class SecretBox:
    def __init__(self, key: MasterKey) -> None:
        self.key = key
        self._aead = AESGCM(key.key)
        self._key_header = f"{FORMAT}.{key.key_id}".encode("ascii")  # the key id is a hash: once

    def seal(self, plaintext: bytes, associated_data: bytes) -> str:
        nonce = os.urandom(NONCE_BYTES)
        body = self._aead.encrypt(nonce, plaintext, self._header() + associated_data)
        return f"{self._header().decode()}.{base64.urlsafe_b64encode(nonce + body).decode('ascii')}"

    def seal_many(self, values: list[tuple[bytes, bytes]]) -> list[str]:
        """``seal`` of each (plaintext, associated data); the nonces from one call for randomness."""
        randomness = os.urandom(NONCE_BYTES * len(values))
        encrypt, header = self._aead.encrypt, self._header()
        prefix, encode = header.decode() + ".", base64.urlsafe_b64encode
        sealed = []
        for n, (plaintext, associated_data) in enumerate(values):
            nonce = randomness[n * NONCE_BYTES : (n + 1) * NONCE_BYTES]
            body = encrypt(nonce, plaintext, header + associated_data)
            sealed.append(prefix + encode(nonce + body).decode("ascii"))
        return sealed

    def open(self, sealed: str, associated_data: bytes) -> bytes:
        key_id = key_id_of(sealed)
        if key_id != self.key.key_id:
            raise SecretKeyMismatchError(key_id, self.key)
        try:
            raw = base64.b64decode(sealed.split(".")[2].encode("ascii"), altchars=b"-_", validate=True)
        except (ValueError, UnicodeEncodeError):
            raise SealedValueError("a sealed value is damaged (not base64)") from None
        if len(raw) < NONCE_BYTES + TAG_BYTES:
            raise SealedValueError("a sealed value is damaged (too short)")
        try:
            return self._aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], self._header() + associated_data)
        except InvalidTag:
            raise SealedValueError(
                "a sealed value failed its integrity check: it was altered, or copied from another place"
            ) from None

    def _header(self) -> bytes:
        # The format and key id are authenticated too: neither can be edited to mislead the reader.
        return self._key_header
