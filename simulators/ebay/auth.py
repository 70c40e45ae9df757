"""The simulator's OAuth: application keys, the three token grants, and bearer-token checks."""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from simulators.ebay.errors import ApiError, access_denied, invalid_token

FULFILLMENT = "https://api.ebay.com/oauth/api_scope/sell.fulfillment"
FULFILLMENT_READONLY = "https://api.ebay.com/oauth/api_scope/sell.fulfillment.readonly"
PUBLIC = "https://api.ebay.com/oauth/api_scope"
ACCESS_TTL = 7200
REFRESH_TTL = 47304000


@dataclass
class Grant:
    client_id: str
    scopes: frozenset[str]
    revoked: bool = False


@dataclass
class AccessToken:
    client_id: str
    scopes: frozenset[str]
    expires_at: datetime
    user: bool


@dataclass
class OAuthServer:
    """Application keys, refresh tokens, authorization codes and access tokens, all in memory."""

    apps: dict[str, str] = field(default_factory=dict)
    refresh_tokens: dict[str, Grant] = field(default_factory=dict)
    codes: dict[str, Grant] = field(default_factory=dict)
    access_tokens: dict[str, AccessToken] = field(default_factory=dict)
    grants_served: list[str] = field(default_factory=list)

    def issue_refresh_token(self, client_id: str, scopes: tuple[str, ...] = (FULFILLMENT,)) -> str:
        token = f"v^1.1#i^1#r^1#{secrets.token_urlsafe(24)}"
        self.refresh_tokens[token] = Grant(client_id, frozenset(scopes))
        return token

    def issue_code(self, client_id: str, scopes: tuple[str, ...] = (FULFILLMENT,)) -> str:
        code = f"v^1.1#i^1#f^0#{secrets.token_urlsafe(16)}"
        self.codes[code] = Grant(client_id, frozenset(scopes))
        return code

    def expire_access_tokens(self, now: datetime) -> None:
        for token in self.access_tokens.values():
            token.expires_at = min(token.expires_at, now)

    def _client(self, authorization: str | None) -> str | None:
        if not authorization or not authorization.startswith("Basic "):
            return None
        try:
            client_id, _, secret = base64.b64decode(authorization[6:]).decode().partition(":")
        except ValueError:
            return None
        return client_id if self.apps.get(client_id) == secret and secret else None

    def _access(self, client_id: str, scopes: frozenset[str], now: datetime, user: bool) -> str:
        token = f"v^1.1#i^1#p^3#{secrets.token_urlsafe(32)}"
        self.access_tokens[token] = AccessToken(client_id, scopes, now + timedelta(seconds=ACCESS_TTL), user)
        return token

    def token(
        self, authorization: str | None, form: dict[str, str], now: datetime
    ) -> tuple[int, dict[str, Any]]:
        """The token endpoint: (HTTP status, JSON body)."""
        grant_type = form.get("grant_type", "")
        self.grants_served.append(grant_type)
        client_id = self._client(authorization)
        if client_id is None:
            return 401, {"error": "invalid_client", "error_description": "client authentication failed"}
        requested = frozenset((form.get("scope") or "").split())
        if grant_type == "client_credentials":
            if not requested or requested - {PUBLIC}:
                return 400, {"error": "invalid_scope", "error_description": "The requested scope is invalid"}
            token = self._access(client_id, requested, now, user=False)
            return 200, {
                "access_token": token,
                "expires_in": ACCESS_TTL,
                "token_type": "Application Access Token",
            }
        if grant_type == "authorization_code":
            grant = self.codes.pop(form.get("code", ""), None)
            if grant is None or grant.client_id != client_id or not form.get("redirect_uri"):
                return 400, {
                    "error": "invalid_grant",
                    "error_description": "the provided authorization grant code is invalid or was issued to another client",
                }
            refresh = f"v^1.1#i^1#r^1#{secrets.token_urlsafe(24)}"
            self.refresh_tokens[refresh] = grant
            return 200, {
                "access_token": self._access(client_id, grant.scopes, now, user=True),
                "expires_in": ACCESS_TTL,
                "refresh_token": refresh,
                "refresh_token_expires_in": REFRESH_TTL,
                "token_type": "User Access Token",
            }
        if grant_type == "refresh_token":
            grant = self.refresh_tokens.get(form.get("refresh_token", ""))
            if grant is None or grant.revoked or grant.client_id != client_id:
                return 400, {
                    "error": "invalid_grant",
                    "error_description": "the provided authorization refresh token is invalid or was issued to another client",
                }
            scopes = requested or grant.scopes
            if scopes - grant.scopes:
                return 400, {
                    "error": "invalid_scope",
                    "error_description": "The requested scope is invalid, unknown, malformed, or exceeds the scope granted to the client",
                }
            token = self._access(client_id, scopes, now, user=True)
            return 200, {"access_token": token, "expires_in": ACCESS_TTL, "token_type": "User Access Token"}
        return 400, {
            "error": "unsupported_grant_type",
            "error_description": "grant type in request is not supported by the authorization server",
        }

    def check_bearer(self, authorization: str | None, now: datetime, write: bool) -> None:
        """Raise the eBay error for a missing, unknown, expired, application or under-scoped token."""
        if not authorization or not authorization.startswith("Bearer "):
            raise invalid_token()
        token = self.access_tokens.get(authorization[7:])
        if token is None or now >= token.expires_at:
            raise invalid_token()
        allowed = {FULFILLMENT} if write else {FULFILLMENT, FULFILLMENT_READONLY}
        if not token.user or not token.scopes & allowed:
            raise access_denied()

    def check_application(self, authorization: str | None, now: datetime) -> None:
        """The Notification API's check: a valid token with the public scope (an application token)."""
        if not authorization or not authorization.startswith("Bearer "):
            raise invalid_token()
        token = self.access_tokens.get(authorization[7:])
        if token is None or now >= token.expires_at:
            raise invalid_token()
        if PUBLIC not in token.scopes:
            raise access_denied()


__all__ = ["ApiError", "OAuthServer"]
