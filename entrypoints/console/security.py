"""Who is asking, and may they: the session cookie, CSRF tokens, roles and the security headers.

Every console page depends on ``signed_in`` (no session: a redirect to the sign-in page that comes
back here); every POST depends on ``posted`` (the session's CSRF token in the form field
``csrf_token`` or the header ``X-CSRF-Token``, else 403); an action needs its scope
(``require``: 403 for a viewer, whatever the page showed). The events a console request saves
name the user as their actor (application/acting.py).
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from application.acting import act_for_request
from application.console_sessions import SignedIn
from domain.access import Scope as ApiScope
from domain.actor import Actor
from entrypoints.bootstrap import Services
from entrypoints.console.i18n import negotiate, speak_for_request

SESSION_COOKIE = "orderhub_session"
SIGN_IN_CSRF_COOKIE = "orderhub_sign_in_csrf"
"""The sign-in form has no session yet: its CSRF token is a cookie the form must repeat."""
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
CONSOLE_PREFIX = "/console"
HOME = CONSOLE_PREFIX
STATIC_PREFIX = f"{CONSOLE_PREFIX}/static/"


DEFAULT_ZONE = ZoneInfo("Europe/Berlin")
"""Settings.timezone's default, for an application built without settings (tests)."""


@dataclass(frozen=True)
class ConsoleConfig:
    """What the console takes from Settings (entrypoints/settings.py)."""

    zone: ZoneInfo = DEFAULT_ZONE
    session_idle: timedelta = timedelta(hours=8)
    secure_cookies: bool = False


class SignInNeededError(Exception):
    """No live session: the handler sends the browser to the sign-in page, and back after it."""

    def __init__(self, next_path: str | None) -> None:
        self.next_path = next_path


class ForbiddenError(Exception):
    """The user may not do this, or the form lacks its CSRF token: a 403 page saying which."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


def services_of(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def config_of(request: Request) -> ConsoleConfig:
    config: ConsoleConfig = request.app.state.console
    return config


def safe_next(candidate: str | None) -> str:
    """Where to go after signing in: a console path of this server, never another site."""
    if not candidate or "\\" in candidate or any(ord(c) < 32 for c in candidate):
        return HOME
    parts = urlsplit(candidate)
    if parts.scheme or parts.netloc or not candidate.startswith("/") or candidate.startswith("//"):
        return HOME
    if parts.path != CONSOLE_PREFIX and not parts.path.startswith(CONSOLE_PREFIX + "/"):
        return HOME
    if parts.path.startswith(f"{CONSOLE_PREFIX}/login") or parts.path.startswith(f"{CONSOLE_PREFIX}/logout"):
        return HOME
    return candidate


def secure(request: Request) -> bool:
    return request.url.scheme == "https" or config_of(request).secure_cookies


def set_cookie(request: Request, response: Response, name: str, value: str) -> None:
    response.set_cookie(
        name, value, httponly=True, samesite="lax", secure=secure(request), path=CONSOLE_PREFIX
    )


def forget_cookie(request: Request, response: Response, name: str) -> None:
    response.delete_cookie(name, path=CONSOLE_PREFIX, httponly=True, samesite="lax", secure=secure(request))


async def signed_in(request: Request) -> SignedIn:
    token = request.cookies.get(SESSION_COOKIE, "")
    who = await run_in_threadpool(
        services_of(request).console_sessions.resume, token, config_of(request).session_idle
    )
    if who is None:
        wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInNeededError(wanted if request.method == "GET" else None)
    request.state.signed_in = who
    act_for_request(Actor.user(who.user.name))
    speak_for_request(negotiate(who.session.language, request.headers.get("accept-language", "")))
    return who


def tokens_match(sent: str | None, expected: str) -> bool:
    return bool(sent) and hmac.compare_digest(str(sent).encode(), expected.encode())


async def posted(request: Request, who: Annotated[SignedIn, Depends(signed_in)]) -> SignedIn:
    form = await request.form()
    sent = form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER)
    if not isinstance(sent, str) or not tokens_match(sent, who.session.csrf_token):
        raise ForbiddenError("csrf")
    return who


def require(who: SignedIn, scope: ApiScope) -> None:
    if not who.may(scope):
        raise ForbiddenError("role")


def require_sync(who: SignedIn) -> None:
    if not who.may_sync:
        raise ForbiddenError("role")


def new_sign_in_csrf() -> str:
    return secrets.token_urlsafe(32)


Viewer = Annotated[SignedIn, Depends(signed_in)]
"""Any signed-in user (for pages)."""
Poster = Annotated[SignedIn, Depends(posted)]
"""A signed-in user whose form carries the session's CSRF token (for every POST)."""


CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
DOCS_PATHS = ("/docs", "/redoc", "/static-offline-docs")
DOCS_POLICY = (
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
"""The API docs' pages keep their inline start-up scripts, but load nothing from elsewhere: ReDoc's
sidebar would fetch its maker's logo from cdn.redoc.ly, Swagger UI may ask an online validator."""


class SecurityHeaders:
    """Pure ASGI: console pages get the full policy; the API docs (Swagger UI starts with an
    inline script) refuse framing and sniffing too. API responses are left as they were."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "") if scope["type"] == "http" else ""
        console = path == "/" or path == CONSOLE_PREFIX or path.startswith(CONSOLE_PREFIX + "/")
        docs = path.startswith(DOCS_PATHS)
        if not (console or docs):
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Frame-Options"] = "DENY"
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "same-origin"
                if docs:
                    headers["Content-Security-Policy"] = DOCS_POLICY
                if console:
                    headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
                    if not path.startswith(STATIC_PREFIX):  # pages show personal data: never cached
                        headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, with_headers)
