"""Bearer API keys: the configured ``ORDERHUB_API_KEY`` or a stored key (kept only as a hash)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from fastapi import HTTPException, Request, status


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_api_key() -> str:
    return "oh_" + secrets.token_urlsafe(32)


def require_api_key(request: Request) -> None:
    header = request.headers.get("authorization", "")
    scheme, _, key = header.partition(" ")
    key = key.strip()
    if scheme.lower() != "bearer" or not key:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "missing API key: send 'Authorization: Bearer <api key>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    admin_key: str | None = request.app.state.admin_key
    if admin_key is not None and hmac.compare_digest(key.encode(), admin_key.encode()):
        return
    if not request.app.state.services.api_keys.contains_hash(key_hash(key)):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "invalid API key", headers={"WWW-Authenticate": "Bearer"}
        )
