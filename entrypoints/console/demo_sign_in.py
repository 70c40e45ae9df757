"""The demo's sign-in link: ``orderhub demo`` prints a URL that signs its visitor in once, as the
demo user, and only from this machine (loopback), so that the demo opens on the console.

The token is random, kept only as a hash, compared in constant time and spent at its first use;
the link works only while the demo runs (nothing is stored). ``orderhub serve`` has no such link.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import threading
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from entrypoints.console.security import (
    HOME,
    SESSION_COOKIE,
    ForbiddenError,
    config_of,
    services_of,
    set_cookie,
)

router = APIRouter()


class OneTimeSignIn:
    def __init__(self, user_name: str) -> None:
        self.user_name = user_name
        self.token = secrets.token_urlsafe(32)
        self._hash: bytes | None = hashlib.sha256(self.token.encode()).digest()
        self._lock = threading.Lock()

    def redeem(self, token: str) -> bool:
        """True the first time the right token is given; False ever after, and for any other."""
        offered = hashlib.sha256(token.encode()).digest()
        with self._lock:
            if self._hash is None or not hmac.compare_digest(offered, self._hash):
                return False
            self._hash = None
            return True


def from_loopback(request: Request) -> bool:
    host = request.client.host if request.client is not None else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@router.get("/login/demo", name="console_demo_sign_in")
async def demo_sign_in(request: Request, token: Annotated[str, Query(max_length=100)] = "") -> Response:
    link: OneTimeSignIn | None = getattr(request.app.state, "demo_sign_in", None)
    if link is None or not from_loopback(request) or not link.redeem(token):
        raise ForbiddenError("demo-link")
    sessions = services_of(request).console_sessions
    opened = await run_in_threadpool(sessions.open_for, link.user_name, config_of(request).session_idle)
    if opened is None:
        raise ForbiddenError("demo-link")
    response = RedirectResponse(HOME, status_code=303)
    set_cookie(request, response, SESSION_COOKIE, opened[0])
    return response
