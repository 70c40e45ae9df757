"""eBay access tokens, cached until shortly before they expire: user tokens from the OAuth
refresh-token grant, application tokens (for the Notification API) from the client-credentials grant.

The refresh token (valid about 18 months) is exchanged at the token endpoint with Basic auth
(client_id:client_secret) for an access token valid two hours. The cache is process-wide and keyed
by endpoint, client id and a hash of the refresh token, so consecutive syncs reuse one token
instead of spending the daily refresh quota.
"""

from __future__ import annotations

import base64
import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx

from adapters.channels.http_retry import json_body, json_or_none, send_with_retry
from ports.channels import PermanentChannelError, RetryableChannelError

SCOPE = "https://api.ebay.com/oauth/api_scope/sell.fulfillment"
APPLICATION_SCOPE = "https://api.ebay.com/oauth/api_scope"
"""What an application token (client credentials) is asked for: the Notification API takes it."""
EXPIRY_MARGIN = timedelta(minutes=5)

REFRESH_REJECTED = (
    "the eBay refresh token was rejected (invalid_grant): it has expired (they last about 18 months),"
    " was revoked, or was issued to other application keys. Create a new one: sign in with the seller"
    " account through your eBay application's consent flow (scope sell.fulfillment), then update the"
    " channel settings (refresh_token)"
)
CLIENT_REJECTED = (
    "eBay rejected the application keys (invalid_client): check client_id and client_secret in the"
    " channel settings (production keys for api.ebay.com, sandbox keys for api.sandbox.ebay.com)"
)
SCOPE_REJECTED = (
    "the eBay refresh token does not grant the sell.fulfillment scope (invalid_scope): create a new"
    " one that includes https://api.ebay.com/oauth/api_scope/sell.fulfillment and update the channel settings"
)


@dataclass(frozen=True)
class CachedToken:
    value: str
    expires_at: datetime


class TokenCache:
    def __init__(self) -> None:
        self._tokens: dict[tuple[str, str, str], CachedToken] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str, str], now: datetime) -> str | None:
        with self._lock:
            token = self._tokens.get(key)
        return token.value if token and now < token.expires_at - EXPIRY_MARGIN else None

    def put(self, key: tuple[str, str, str], token: CachedToken) -> None:
        with self._lock:
            self._tokens[key] = token

    def discard(self, key: tuple[str, str, str], value: str) -> None:
        with self._lock:
            if (token := self._tokens.get(key)) is not None and token.value == value:
                del self._tokens[key]


TOKEN_CACHE = TokenCache()


class EbayTokens:
    """Hands out a valid access token; ``renew`` after eBay answered 401 for the one it gave."""

    def __init__(
        self,
        http: httpx.Client,
        *,
        token_url: str,
        client_id: str,
        client_secret: str,
        refresh_token: str | None,
        clock: Any,
        sleep: Callable[[float], Any],
        cache: TokenCache = TOKEN_CACHE,
        attempts: int = 5,
    ) -> None:
        """``refresh_token`` None: application tokens (the client-credentials grant, public scope)."""
        self._http, self._url, self._clock, self._sleep, self._cache = http, token_url, clock, sleep, cache
        self._basic = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode()
        self._attempts = attempts
        if refresh_token is None:
            self._form = {"grant_type": "client_credentials", "scope": APPLICATION_SCOPE}
        else:
            self._form = {"grant_type": "refresh_token", "refresh_token": refresh_token, "scope": SCOPE}
        # Keyed by every credential: a channel with another channel's client id and refresh token but
        # a wrong secret must be refused by eBay, not handed the other channel's cached token.
        grant = refresh_token if refresh_token is not None else "client_credentials"
        digest = hashlib.sha256(f"{client_secret}\x00{grant}".encode()).hexdigest()
        self._key = (token_url, client_id, digest)

    def access_token(self) -> str:
        return self._cache.get(self._key, self._clock.now()) or self._fetch()

    def renew(self, rejected: str) -> str:
        self._cache.discard(self._key, rejected)
        return self.access_token()

    def _fetch(self) -> str:
        response = send_with_retry(
            lambda: self._http.post(
                self._url, data=self._form, headers={"Authorization": f"Basic {self._basic}"}
            ),
            sleep=self._sleep,
            what="eBay token endpoint",
            attempts=self._attempts,
        )
        if response.status_code == 200:
            body = json_body(response, "eBay token endpoint")
            body = body if isinstance(body, dict) else {}
            token, lifetime = body.get("access_token"), body.get("expires_in")
            if not isinstance(token, str) or not isinstance(lifetime, int):
                raise RetryableChannelError("eBay token endpoint: answer without access_token/expires_in")
            self._cache.put(self._key, CachedToken(token, self._clock.now() + timedelta(seconds=lifetime)))
            return token
        raise PermanentChannelError(_refusal(response))


def _refusal(response: httpx.Response) -> str:
    body = json_or_none(response)
    error = body.get("error") if isinstance(body, dict) else None
    if error == "invalid_grant":
        return REFRESH_REJECTED
    if error == "invalid_client" or response.status_code == 401:
        return CLIENT_REJECTED
    if error == "invalid_scope":
        return SCOPE_REJECTED
    return (
        f"the eBay token endpoint refused the refresh (HTTP {response.status_code}, {error or 'no OAuth error'}):"
        " check token_url and the application keys in the channel settings"
    )
