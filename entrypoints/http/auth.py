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


async def require_api_key(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)]
) -> None:
    """Async, so the common case (the configured key) costs no thread hop; a stored key is looked
    up in the thread pool, off the event loop."""
    key = credentials.credentials.strip() if credentials is not None else ""
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
