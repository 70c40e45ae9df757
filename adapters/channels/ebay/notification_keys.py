"""The keys eBay signs notifications with, from its Notification API, cached per key id.

``GET {api_base_url}/commerce/notification/v1/public_key/{kid}`` takes an *application* access
token (the client-credentials grant, scope ``https://api.ebay.com/oauth/api_scope``), not the
seller's user token. eBay's SDKs cache a key for an hour; so does this cache, process-wide, so
that a burst of notifications costs one key call and one token call.

Whatever keeps orderhub from the key (eBay unreachable or failing, the token refused) is a
``VerificationUnavailableError``: the notification is answered 503 and eBay sends it again. Only a
key id eBay says it does not know (404) refuses the notification itself.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

import httpx
from cryptography.hazmat.primitives.asymmetric import ec

from adapters.channels.ebay.deletion_signature import load_public_key
from adapters.channels.ebay.oauth import EbayTokens
from adapters.channels.http_retry import json_body, send_with_retry
from ports.account_deletion import UnverifiedNotificationError, VerificationUnavailableError
from ports.channels import ChannelError, PermanentChannelError

PUBLIC_KEY_PATH = "/commerce/notification/v1/public_key/"
KEY_LIFETIME = timedelta(hours=1)
ATTEMPTS = 2
"""Tries per call: eBay waits for the answer, and re-sends a notification answered 503 anyway."""
RETRY_AFTER_SECONDS = 60
log = logging.getLogger(__name__)


UNKNOWN_LIFETIME = timedelta(minutes=10)
"""How long a key id eBay said it does not know is refused without asking again: notifications
with made-up key ids must not each cost a call to eBay."""
MAX_UNKNOWN = 1000


class PublicKeyCache:
    def __init__(self) -> None:
        self._keys: dict[tuple[str, str], tuple[ec.EllipticCurvePublicKey, datetime]] = {}
        self._unknown: dict[tuple[str, str], datetime] = {}
        self._lock = threading.Lock()

    def is_unknown(self, key: tuple[str, str], now: datetime) -> bool:
        with self._lock:
            since = self._unknown.get(key)
        return since is not None and now < since + UNKNOWN_LIFETIME

    def mark_unknown(self, key: tuple[str, str], now: datetime) -> None:
        with self._lock:
            if len(self._unknown) >= MAX_UNKNOWN:  # a flood of made-up ids: start afresh
                self._unknown.clear()
            self._unknown[key] = now

    def get(self, key: tuple[str, str], now: datetime) -> ec.EllipticCurvePublicKey | None:
        with self._lock:
            found = self._keys.get(key)
        return found[0] if found is not None and now < found[1] + KEY_LIFETIME else None

    def put(self, key: tuple[str, str], public_key: ec.EllipticCurvePublicKey, now: datetime) -> None:
        with self._lock:
            self._keys[key] = (public_key, now)


PUBLIC_KEYS = PublicKeyCache()


def _unavailable(why: str) -> VerificationUnavailableError:
    return VerificationUnavailableError(
        f"cannot verify the notification now: {why}; eBay sends it again", RETRY_AFTER_SECONDS
    )


def _unknown_key(key_id: str) -> UnverifiedNotificationError:
    return UnverifiedNotificationError(f"eBay knows no public key {key_id[:60]!r} (the header's kid)")


class EbayNotificationKeys:
    def __init__(
        self,
        http: httpx.Client,
        api_base_url: str,
        tokens: EbayTokens,
        clock: Any,
        sleep: Callable[[float], Any],
        cache: PublicKeyCache = PUBLIC_KEYS,
    ) -> None:
        self._http, self._base, self._tokens = http, api_base_url, tokens
        self._clock, self._sleep, self._cache = clock, sleep, cache

    def public_key(self, key_id: str) -> ec.EllipticCurvePublicKey:
        cache_key = (self._base, key_id)
        cached = self._cache.get(cache_key, self._clock.now())
        if cached is not None:
            return cached
        if self._cache.is_unknown(cache_key, self._clock.now()):
            raise _unknown_key(key_id)
        try:
            token = self._tokens.access_token()
            response = self._get(key_id, token)
            if response.status_code == 401:  # expired or revoked: one fresh token, one more try
                response = self._get(key_id, self._tokens.renew(token))
            if response.status_code == 404:
                self._cache.mark_unknown(cache_key, self._clock.now())
                raise _unknown_key(key_id)
            key = self._key_from(response)
        except ChannelError as exc:  # unreachable, timed out, 5xx, keys refused: eBay re-sends
            if isinstance(exc, PermanentChannelError):  # needs the merchant, not just patience
                log.warning("cannot fetch eBay's notification key for %s: %s", self._base, exc)
            raise _unavailable(str(exc)) from None
        self._cache.put(cache_key, key, self._clock.now())
        return key

    def _get(self, key_id: str, token: str) -> httpx.Response:
        url = self._base + PUBLIC_KEY_PATH + quote(key_id, safe="")
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        return send_with_retry(
            lambda: self._http.get(url, headers=headers),
            sleep=self._sleep,
            what="eBay getPublicKey",
            attempts=ATTEMPTS,
        )

    @staticmethod
    def _key_from(response: httpx.Response) -> ec.EllipticCurvePublicKey:
        if response.status_code != 200:
            raise _unavailable(f"eBay getPublicKey answered HTTP {response.status_code}")
        body = json_body(response, "eBay getPublicKey")
        pem = body.get("key") if isinstance(body, dict) else None
        if not isinstance(pem, str):
            raise _unavailable("eBay getPublicKey answered without a key")
        try:
            return load_public_key(pem)
        except ValueError as exc:
            raise _unavailable(f"eBay getPublicKey answered a key that cannot be read: {exc}") from None
