"""Reject absurd requests before they reach a route: oversized bodies and NUL characters."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

MAX_BODY_BYTES = 1_000_000


def install_guards(app: FastAPI) -> None:
    @app.middleware("http")
    async def _guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if "%00" in request.url.query or "%00" in request.url.path or "\x00" in request.url.path:
            return JSONResponse({"detail": "NUL characters are not allowed in the URL"}, status_code=422)
        if request.method in ("POST", "PUT", "PATCH"):
            declared = request.headers.get("content-length")
            if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY_BYTES):
                return JSONResponse({"detail": f"body larger than {MAX_BODY_BYTES} bytes"}, status_code=413)
            body = await request.body()
            if len(body) > MAX_BODY_BYTES:
                return JSONResponse({"detail": f"body larger than {MAX_BODY_BYTES} bytes"}, status_code=413)
            if b"\x00" in body or b"\\u0000" in body.lower():
                return JSONResponse({"detail": "NUL characters are not allowed in the body"}, status_code=422)
        return await call_next(request)
