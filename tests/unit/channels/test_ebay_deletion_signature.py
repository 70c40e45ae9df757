"""eBay's account deletion protocol without I/O: the challenge hash, the signature header, the
ECDSA-SHA1 check over the notification's compact JSON, eBay's PEM, and the notification's shape."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from adapters.channels.ebay.deletion_signature import (
    challenge_response,
    compact_json,
    deletion_notice,
    load_public_key,
    parse_body,
    parse_signature_header,
    pem_from_ebay,
    signature_verifies,
)
from ports.account_deletion import NotANotificationError, UnverifiedNotificationError

NOTIFICATION: dict[str, Any] = {
    "metadata": {"topic": "MARKETPLACE_ACCOUNT_DELETION", "schemaVersion": "1.0", "deprecated": False},
    "notification": {
        "notificationId": "49feeaeb-4982-42d9-a377-9645b8479411_33f7e043-fed8-442b-9d44-791923bd9a6d",
        "eventDate": "2021-03-19T20:43:59.462Z",
        "publishDate": "2021-03-19T20:43:59.679Z",
        "publishAttemptCount": 1,
        "data": {
            "username": "jürgen_12",
            "userId": "ma8vp1jySJC",
            "eiasToken": "nY+sHZ2PrBmdj6wVnY+sEZ2PrA2dj6wJnY+gAZGEpwmdj6x9nY+seQ==",
        },
    },
}


@pytest.fixture(scope="module")
def key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def ebay_pem(private: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey) -> str:
    """The public key as eBay's getPublicKey gives it: a PEM with its line breaks removed."""
    pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return pem.decode().replace("\n", "")


def header_of(fields: Any) -> str:
    return base64.b64encode(json.dumps(fields).encode()).decode()


def sign(
    private: ec.EllipticCurvePrivateKey, document: Any, digest: hashes.HashAlgorithm | None = None
) -> bytes:
    return private.sign(compact_json(document), ec.ECDSA(digest or hashes.SHA1()))


def signed_header(private: ec.EllipticCurvePrivateKey, document: Any, kid: str = "kid-1") -> str:
    signature = base64.b64encode(sign(private, document)).decode()
    return header_of({"alg": "ecdsa", "kid": kid, "signature": signature, "digest": "SHA1"})


def verifies(private_or_public: Any, header: str, body: bytes) -> bool:
    parsed = parse_signature_header(header)
    public = load_public_key(ebay_pem(private_or_public))
    return signature_verifies(public, parsed.signature, body, parse_body(body))


def test_the_challenge_response_is_sha256_of_code_token_and_endpoint_in_that_order() -> None:
    code, token = "a8628072-3d33-45ee-9004-bee86830a22d", "71745723-d031-455c-bfa5-f90d11b4f20a"
    endpoint = "https://www.testendpoint.com/webhook"
    expected = hashlib.sha256((code + token + endpoint).encode()).hexdigest()
    assert challenge_response(code, token, endpoint) == expected
    # a known answer, worked out once by hand with sha256sum
    assert (
        challenge_response("abc", "t" * 32, "https://x.example/e")
        == hashlib.sha256(b"abc" + b"t" * 32 + b"https://x.example/e").hexdigest()
    )
    assert challenge_response(code, token, endpoint) != challenge_response(code, endpoint, token)


def test_a_notification_signed_by_the_key_verifies(key: ec.EllipticCurvePrivateKey) -> None:
    body = compact_json(NOTIFICATION)
    assert verifies(key, signed_header(key, NOTIFICATION), body)


def test_the_signature_is_over_the_compact_json_so_a_pretty_printed_body_still_verifies(
    key: ec.EllipticCurvePrivateKey,
) -> None:
    body = json.dumps(NOTIFICATION, indent=2, ensure_ascii=False).encode()
    assert verifies(key, signed_header(key, NOTIFICATION), body)


def test_a_tampered_body_does_not_verify(key: ec.EllipticCurvePrivateKey) -> None:
    header = signed_header(key, NOTIFICATION)
    changed = json.loads(json.dumps(NOTIFICATION))
    changed["notification"]["data"]["username"] = "someone_else"
    assert not verifies(key, header, compact_json(changed))


def test_a_signature_by_another_key_does_not_verify(key: ec.EllipticCurvePrivateKey) -> None:
    other = ec.generate_private_key(ec.SECP256R1())
    assert not verifies(other, signed_header(key, NOTIFICATION), compact_json(NOTIFICATION))


def test_a_signature_made_with_sha256_does_not_pass_for_sha1(key: ec.EllipticCurvePrivateKey) -> None:
    signature = base64.b64encode(sign(key, NOTIFICATION, hashes.SHA256())).decode()
    header = header_of({"alg": "ecdsa", "kid": "k", "signature": signature, "digest": "SHA1"})
    assert not verifies(key, header, compact_json(NOTIFICATION))


def test_a_signature_that_is_not_der_does_not_verify(key: ec.EllipticCurvePrivateKey) -> None:
    header = header_of(
        {
            "alg": "ecdsa",
            "kid": "k",
            "signature": base64.b64encode(b"\x30\x02junk").decode(),
            "digest": "SHA1",
        }
    )
    assert not verifies(key, header, compact_json(NOTIFICATION))


def test_the_header_names_the_key_id_and_carries_the_der_signature(key: ec.EllipticCurvePrivateKey) -> None:
    parsed = parse_signature_header(signed_header(key, NOTIFICATION, kid="1b9e4c6e-5e1f-4f0a-9c1e-aa"))
    assert parsed.key_id == "1b9e4c6e-5e1f-4f0a-9c1e-aa"
    assert parsed.signature[0] == 0x30  # a DER SEQUENCE


@pytest.mark.parametrize(
    ("header", "why"),
    [
        (None, "no X-EBAY-SIGNATURE header"),
        ("", "no X-EBAY-SIGNATURE header"),
        ("not base64!", "is not base64"),
        (base64.b64encode(b"not json").decode(), "not base64 of a JSON object"),
        (base64.b64encode(b"[1, 2]").decode(), "not base64 of a JSON object"),
        (base64.b64encode(b"\xff\xfe").decode(), "not base64 of a JSON object"),
        (header_of({"alg": "ecdsa", "kid": "k", "digest": "SHA1"}), "lacks signature"),
        (header_of({"kid": "k", "signature": "AA==", "digest": "SHA1"}), "lacks alg"),
        (header_of({"alg": "ecdsa", "kid": 5, "signature": "AA==", "digest": "SHA1"}), "lacks kid"),
        (header_of({"alg": "rsa", "kid": "k", "signature": "AA==", "digest": "SHA1"}), "algorithm 'rsa'"),
        (header_of({"alg": "ecdsa", "kid": "k", "signature": "AA==", "digest": "SHA256"}), "digest 'SHA256'"),
        (header_of({"alg": "ecdsa", "kid": "../../x", "signature": "AA==", "digest": "SHA1"}), "key id"),
        (
            header_of({"alg": "ecdsa", "kid": "k", "signature": "%%%", "digest": "SHA1"}),
            "signature is not base64",
        ),
        (header_of({"alg": "ecdsa", "kid": "k", "signature": "", "digest": "SHA1"}), "empty signature"),
        ("A" * 9000, "longer than"),
    ],
)
def test_a_malformed_header_is_refused_saying_why(header: str | None, why: str) -> None:
    with pytest.raises(UnverifiedNotificationError, match=why):
        parse_signature_header(header)


def test_ebays_pem_without_line_breaks_is_rewrapped_and_loads(key: ec.EllipticCurvePrivateKey) -> None:
    pem = ebay_pem(key)
    assert "\n" not in pem
    wrapped = pem_from_ebay(pem)
    assert wrapped.startswith("-----BEGIN PUBLIC KEY-----\n") and wrapped.endswith(
        "-----END PUBLIC KEY-----\n"
    )
    assert all(len(line) <= 64 for line in wrapped.splitlines())
    assert load_public_key(pem).public_numbers() == key.public_key().public_numbers()
    assert load_public_key(wrapped).public_numbers() == key.public_key().public_numbers()


def test_a_key_that_is_not_an_ec_public_key_is_refused() -> None:
    with pytest.raises(ValueError, match="not a PEM public key"):
        load_public_key("-----BEGIN PUBLIC KEY-----garbage-----END PUBLIC KEY-----")
    with pytest.raises(ValueError, match="not an elliptic-curve key"):
        load_public_key(ebay_pem(rsa.generate_private_key(public_exponent=65537, key_size=2048)))


def test_the_notice_names_the_notification_and_the_user() -> None:
    notice = deletion_notice(NOTIFICATION)
    assert notice.notification_id == NOTIFICATION["notification"]["notificationId"]
    assert (notice.username, notice.user_id) == ("jürgen_12", "ma8vp1jySJC")


def _with(path: list[str], value: Any) -> dict[str, Any]:
    document = json.loads(json.dumps(NOTIFICATION))
    target = document
    for step in path[:-1]:
        target = target[step]
    if value is ...:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return document


@pytest.mark.parametrize(
    ("document", "why"),
    [
        ([], "must be a JSON object"),
        ({"metadata": {}}, "no metadata and notification"),
        (_with(["metadata", "topic"], "ITEM_SOLD"), "'ITEM_SOLD', not MARKETPLACE_ACCOUNT_DELETION"),
        (_with(["metadata", "topic"], ...), "not MARKETPLACE_ACCOUNT_DELETION"),
        (_with(["notification", "notificationId"], ...), "notificationId is missing"),
        (_with(["notification", "notificationId"], " "), "notificationId is missing"),
        (_with(["notification", "data"], ...), "data is missing"),
        (_with(["notification", "data"], {"eiasToken": "x"}), "names no user"),
        (_with(["notification", "data", "username"], ["x"]), "username must be text"),
    ],
)
def test_anything_but_an_account_deletion_notification_is_refused(document: Any, why: str) -> None:
    with pytest.raises(NotANotificationError, match=why):
        deletion_notice(document)


@pytest.mark.parametrize("body", [b"", b"not json", b"{", b"\xff\xfe", b"[" * 100_000])
def test_a_body_that_is_not_json_is_refused(body: bytes) -> None:
    with pytest.raises(NotANotificationError, match="not JSON"):
        parse_body(body)
