"""Bearer API keys: the configured ``ORDERHUB_API_KEY`` or a stored key (kept only as a hash)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Annotated

from fastapi import HTTPException, Request, Security, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_api_key() -> str:
    return "oh_" + secrets.token_urlsafe(32)


bearer = HTTPBearer(
    auto_error=False,
    description="An API key: ORDERHUB_API_KEY, or the key `orderhub serve` printed at its first start.",
)


def _refuse_another_scheme(sent: str) -> None:
    """A header that is there but is not a bearer key is not "missing": say what is wrong with it."""
    scheme, _, rest = sent.partition(" ")
    if not sent or scheme.lower() == "bearer":
        return
    # Never echo what was sent: a bare key is a secret.
    why = f"uses the scheme {scheme[:20]!r}" if rest.strip() else "has no 'Bearer ' before the key"
    raise HTTPException(
        status.HTTP_401_UNAUTHORIZED,
        f"the Authorization header {why}: send 'Authorization: Bearer <api key>'",
        headers={"WWW-Authenticate": "Bearer"},
    )


async def require_api_key(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)]
) -> None:
    """Async, so the common case (the configured key) costs no thread hop; a stored key is looked
    up in the thread pool, off the event loop."""
    key = credentials.credentials.strip() if credentials is not None else ""
    if credentials is None:
        _refuse_another_scheme(request.headers.get("authorization", "").strip())
    if not key:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "missing API key: send 'Authorization: Bearer <api key>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    admin_key: str | None = request.app.state.admin_key
    if admin_key is not None and hmac.compare_digest(key.encode(), admin_key.encode()):
        return
    api_keys = request.app.state.services.api_keys
    if not await run_in_threadpool(api_keys.contains_hash, key_hash(key)):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "invalid API key", headers={"WWW-Authenticate": "Bearer"}
        )
