"""eBay's Marketplace Account Deletion protocol, the parts without I/O: the endpoint check's answer,
the ``X-EBAY-SIGNATURE`` header, eBay's PEM, the ECDSA check, and the notification's shape.

Facts from eBay's own SDK (event-notification-nodejs-sdk, lib/validator.js): the header is base64
of ``{"alg": "ecdsa", "kid", "signature": base64 DER, "digest": "SHA1"}``; the signature is ECDSA
with SHA-1 over ``JSON.stringify`` of the parsed body (compact, keys in the order sent, non-ASCII
as it is); the key eBay hands out is a PEM with its line breaks removed.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import textwrap
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from ports.account_deletion import (
    AccountDeletionNotice,
    NotANotificationError,
    UnverifiedNotificationError,
)

TOPIC = "MARKETPLACE_ACCOUNT_DELETION"
KEY_ID = re.compile(r"[A-Za-z0-9._-]{1,200}")
"""What a key id may be before it goes into a URL path (eBay's are UUIDs)."""
MAX_HEADER_CHARS = 8192
_PEM_BEGIN, _PEM_END = "-----BEGIN PUBLIC KEY-----", "-----END PUBLIC KEY-----"


def challenge_response(challenge_code: str, verification_token: str, endpoint_url: str) -> str:
    """hex(SHA-256(challenge code + verification token + endpoint URL)), in that order."""
    digest = hashlib.sha256()
    for part in (challenge_code, verification_token, endpoint_url):
        digest.update(part.encode("utf-8"))
    return digest.hexdigest()


@dataclass(frozen=True)
class SignatureHeader:
    key_id: str
    signature: bytes
    """DER-encoded ECDSA signature."""


def _refused(why: str) -> UnverifiedNotificationError:
    return UnverifiedNotificationError(f"X-EBAY-SIGNATURE {why}")


def _base64(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise _refused(f"{what} is not base64") from None


def parse_signature_header(header: str | None) -> SignatureHeader:
    """The header's key id and signature; ``UnverifiedNotificationError`` saying what is wrong."""
    if header is None or not header.strip():
        raise UnverifiedNotificationError("the notification is not signed: no X-EBAY-SIGNATURE header")
    if len(header) > MAX_HEADER_CHARS:
        raise _refused(f"is longer than {MAX_HEADER_CHARS} characters")
    decoded = _base64(header, "header")
    try:
        fields = json.loads(decoded.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _refused("is not base64 of a JSON object") from None
    if not isinstance(fields, dict):
        raise _refused("is not base64 of a JSON object")
    missing = [f for f in ("alg", "kid", "signature", "digest") if not isinstance(fields.get(f), str)]
    if missing:
        raise _refused(f"lacks {', '.join(missing)} (or they are not text)")
    if fields["alg"].lower() != "ecdsa":
        raise _refused(f"names the algorithm {fields['alg'][:20]!r}; eBay signs with ecdsa")
    if fields["digest"].upper() != "SHA1":
        raise _refused(f"names the digest {fields['digest'][:20]!r}; eBay signs with SHA1")
    if not KEY_ID.fullmatch(fields["kid"]):
        raise _refused("has a key id that is not one eBay gives")
    signature = _base64(fields["signature"], "signature")
    if not signature:
        raise _refused("has an empty signature")
    return SignatureHeader(key_id=fields["kid"], signature=signature)


def pem_from_ebay(key: str) -> str:
    """A loadable PEM from eBay's, which comes without line breaks."""
    body = key.replace(_PEM_BEGIN, "").replace(_PEM_END, "")
    body = "".join(body.split())
    return f"{_PEM_BEGIN}\n" + "\n".join(textwrap.wrap(body, 64)) + f"\n{_PEM_END}\n"


def load_public_key(pem: str) -> ec.EllipticCurvePublicKey:
    """eBay's key; ``ValueError`` for one that is not an EC public key in PEM."""
    try:
        key = load_pem_public_key(pem_from_ebay(pem).encode("ascii"))
    except (ValueError, UnicodeEncodeError, UnsupportedAlgorithm) as exc:
        raise ValueError(f"not a PEM public key ({exc})") from None
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise ValueError(f"not an elliptic-curve key but {type(key).__name__}")
    return key


def compact_json(document: Any) -> bytes:
    """``JSON.stringify(document)``, which is what eBay signs."""
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def signature_verifies(key: ec.EllipticCurvePublicKey, signature: bytes, body: bytes, document: Any) -> bool:
    """Whether ``signature`` is eBay's over the notification: its compact JSON (what eBay's SDKs
    check), or the bytes as they came (the same when eBay sends it compact, as it does)."""
    for message in dict.fromkeys((compact_json(document), body)):
        try:
            key.verify(signature, message, ec.ECDSA(hashes.SHA1()))  # eBay's choice
        except InvalidSignature:
            continue
        return True
    return False


def parse_body(body: bytes) -> Any:
    """The body as JSON; ``NotANotificationError`` if it is not."""
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise NotANotificationError("the body is not JSON (eBay sends the notification as JSON)") from None


def _text(container: dict[str, Any], field: str) -> str | None:
    value = container.get(field)
    if value is None:
        return None
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise NotANotificationError(f"notification.data.{field} must be text")
    return str(value).strip() or None


def deletion_notice(document: Any) -> AccountDeletionNotice:
    """The notice in eBay's notification; ``NotANotificationError`` for any other document."""
    if not isinstance(document, dict):
        raise NotANotificationError("the body must be a JSON object: eBay's notification")
    metadata, notification = document.get("metadata"), document.get("notification")
    if not isinstance(metadata, dict) or not isinstance(notification, dict):
        raise NotANotificationError("the body has no metadata and notification objects")
    topic = metadata.get("topic")
    if topic != TOPIC:
        shown = topic[:60] if isinstance(topic, str) else type(topic).__name__
        raise NotANotificationError(f"metadata.topic is {shown!r}, not {TOPIC}")
    notification_id = notification.get("notificationId")
    if not isinstance(notification_id, str) or not notification_id.strip() or len(notification_id) > 200:
        raise NotANotificationError("notification.notificationId is missing")
    data = notification.get("data")
    if not isinstance(data, dict):
        raise NotANotificationError("notification.data is missing")
    username, user_id = _text(data, "username"), _text(data, "userId")
    if username is None and user_id is None:
        raise NotANotificationError("notification.data names no user (neither username nor userId)")
    return AccountDeletionNotice(notification_id=notification_id.strip(), username=username, user_id=user_id)
