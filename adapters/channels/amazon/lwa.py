"""Login with Amazon: exchange the refresh token for an access token and cache it until near expiry."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import httpx

from adapters.channels.http_retry import json_body, send_with_retry
from ports.channels import PermanentChannelError, RetryableChannelError

# Refresh this long before Amazon's expiry so a token never dies in flight.
EXPIRY_MARGIN = timedelta(seconds=60)

_WHAT_TO_DO = {
    "invalid_grant": "the refresh token was revoked, expired or belongs to another app: "
    "re-authorise the app in Seller Central and update the channel's refresh_token setting",
    "invalid_client": "Amazon does not accept the client_id/client_secret: copy the app's LWA "
    "credentials from the Developer Central page into the channel settings (the secret may have been rotated)",
    "unauthorized_client": "this app may not use the refresh-token grant: check the app's registration "
    "in Developer Central",
    "access_denied": "the seller denied access: re-authorise the app in Seller Central",
    "invalid_request": "the token request was malformed: check client_id and token_url in the channel settings",
    "invalid_scope": "the requested scope is invalid: check token_url in the channel settings",
}


class LwaTokens:
    def __init__(
        self,
        http: httpx.Client,
        token_url: str,
        credentials: Callable[[], dict[str, str]],
        clock: Any,
        sleep: Callable[[float], Any],
    ) -> None:
        self._http, self._url, self._credentials = http, token_url, credentials
        self._clock, self._sleep = clock, sleep
        self._token: str | None = None
        self._expires: datetime | None = None

    def access_token(self) -> str:
        now = self._clock.now()
        if self._token is None or self._expires is None or now >= self._expires - EXPIRY_MARGIN:
            self._token, self._expires = self._exchange(now)
        return self._token

    def invalidate(self) -> None:
        """Amazon said the token is no good (expired early, revoked): fetch a new one next time."""
        self._token = self._expires = None

    def _exchange(self, now: datetime) -> tuple[str, datetime]:
        form = {"grant_type": "refresh_token", **self._credentials()}
        response = send_with_retry(
            lambda: self._http.post(self._url, data=form, headers={"Accept": "application/json"}),
            sleep=self._sleep,
            what="Amazon LWA token exchange",
        )
        if response.status_code in (404, 405):
            raise PermanentChannelError(
                f"the LWA token endpoint answered HTTP {response.status_code}: check the channel's token_url "
                "(Amazon's is https://api.amazon.com/auth/o2/token)"
            )
        body = json_body(response, "Amazon LWA token exchange")
        if response.status_code == 200 and isinstance(body, dict) and body.get("access_token"):
            lifetime = body.get("expires_in", 3600)
            seconds = lifetime if isinstance(lifetime, int | float) and lifetime > 0 else 3600
            return str(body["access_token"]), now + timedelta(seconds=seconds)
        code = body.get("error") if isinstance(body, dict) else None
        if isinstance(code, str) and code in _WHAT_TO_DO:
            raise PermanentChannelError(f"Amazon LWA refused the token request ({code}): {_WHAT_TO_DO[code]}")
        raise RetryableChannelError(
            f"Amazon LWA token exchange failed: HTTP {response.status_code} ({code or 'no error code'}); "
            "the next sync retries"
        )
