"""eBay's Notification API, the part for Marketplace Account Deletion: a signing key of its own,
the endpoint check (challenge), and signed notifications sent to a subscribed endpoint.

Like eBay: the key is ECDSA P-256 made at start under a random key id and handed out as a PEM
without line breaks; a notification is signed with ECDSA-SHA1 over its compact JSON and carries
``X-EBAY-SIGNATURE`` (base64 of ``{"alg", "kid", "signature", "digest"}``); setting an endpoint
first sends ``GET <endpoint>?challenge_code=…`` and checks the hash in the answer.

Modes for tests and the demo: ``signed`` (as eBay sends), ``tampered`` (signed, then the user
changed), ``unsigned`` (no header), ``foreign-key`` (signed with a key eBay does not have),
``unknown-kid`` (a key id eBay does not know).
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

TOPIC = "MARKETPLACE_ACCOUNT_DELETION"
MODES = ("signed", "tampered", "unsigned", "foreign-key", "unknown-kid")


def user_id_of(username: str) -> str:
    """A stable eBay user id for a user name (eBay's are opaque strings like this)."""
    return base64.b32encode(hashlib.sha256(username.encode()).digest()).decode()[:12].lower()


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def compact(document: Any) -> bytes:
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def signature_header(key: ec.EllipticCurvePrivateKey, key_id: str, message: bytes) -> str:
    signature = key.sign(message, ec.ECDSA(hashes.SHA1()))  # what eBay uses
    fields = {
        "alg": "ecdsa",
        "kid": key_id,
        "signature": base64.b64encode(signature).decode(),
        "digest": "SHA1",
    }
    return base64.b64encode(json.dumps(fields).encode()).decode()


@dataclass
class Delivery:
    notification_id: str
    endpoint: str
    mode: str
    status: int | None
    """orderhub's answer; None when it could not be reached."""


@dataclass
class NotificationService:
    key: ec.EllipticCurvePrivateKey = field(default_factory=lambda: ec.generate_private_key(ec.SECP256R1()))
    key_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    endpoint: str | None = None
    verification_token: str | None = None
    key_requests: list[str] = field(default_factory=list)
    """The key ids asked for at the public-key endpoint, in order."""
    deliveries: list[Delivery] = field(default_factory=list)

    def public_key(self) -> dict[str, str]:
        """getPublicKey's answer: the PEM with its line breaks removed, as eBay sends it."""
        pem = self.key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return {"key": pem.decode().replace("\n", ""), "algorithm": "ECDSA", "digest": "SHA1"}

    def notification(
        self, username: str, now: datetime, notification_id: str | None = None
    ) -> dict[str, Any]:
        """eBay's notification document (metadata + notification), in eBay's key order."""
        return {
            "metadata": {"topic": TOPIC, "schemaVersion": "1.0", "deprecated": False},
            "notification": {
                "notificationId": notification_id or str(uuid.uuid4()),
                "eventDate": _iso(now),
                "publishDate": _iso(now),
                "publishAttemptCount": 1,
                "data": {
                    "username": username,
                    "userId": user_id_of(username),
                    "eiasToken": base64.b64encode(secrets.token_bytes(24)).decode(),
                },
            },
        }

    def signed_request(self, document: dict[str, Any], mode: str) -> tuple[bytes, dict[str, str]]:
        """The body and headers of a POST in ``mode`` (see the module's docstring)."""
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; one of {', '.join(MODES)}")
        message = compact(document)
        headers = {"Content-Type": "application/json"}
        if mode == "foreign-key":
            headers["X-EBAY-SIGNATURE"] = signature_header(
                ec.generate_private_key(ec.SECP256R1()), self.key_id, message
            )
        elif mode == "unknown-kid":
            headers["X-EBAY-SIGNATURE"] = signature_header(self.key, str(uuid.uuid4()), message)
        elif mode != "unsigned":
            headers["X-EBAY-SIGNATURE"] = signature_header(self.key, self.key_id, message)
        if mode == "tampered":
            changed = json.loads(message)
            changed["notification"]["data"]["username"] += "x"
            message = compact(changed)
        return message, headers

    def challenge(self, endpoint: str, verification_token: str, timeout: float = 10.0) -> bool:
        """eBay's check when an endpoint is saved: the endpoint is subscribed only if it answers right."""
        code = secrets.token_hex(16)
        expected = hashlib.sha256((code + verification_token + endpoint).encode()).hexdigest()
        try:
            answer = httpx.get(endpoint, params={"challenge_code": code}, timeout=timeout)
            ok = answer.status_code == 200 and answer.json().get("challengeResponse") == expected
        except (httpx.HTTPError, ValueError, AttributeError):
            ok = False
        if ok:
            self.endpoint, self.verification_token = endpoint, verification_token
        return ok

    def send(
        self,
        username: str,
        now: datetime,
        *,
        endpoint: str | None = None,
        mode: str = "signed",
        notification_id: str | None = None,
        timeout: float = 10.0,
    ) -> Delivery:
        """POST one notification about ``username`` to ``endpoint`` (default: the subscribed one)."""
        target = endpoint or self.endpoint
        if target is None:
            raise ValueError("no endpoint: subscribe one first (challenge) or give one")
        document = self.notification(username, now, notification_id)
        body, headers = self.signed_request(document, mode)
        try:
            status: int | None = httpx.post(
                target, content=body, headers=headers, timeout=timeout
            ).status_code
        except httpx.HTTPError:
            status = None
        delivery = Delivery(document["notification"]["notificationId"], target, mode, status)
        self.deliveries.append(delivery)
        return delivery
