"""Reject absurd requests before they reach a route: oversized bodies and NUL characters.

A plain ASGI middleware (not ``@app.middleware("http")``, whose BaseHTTPMiddleware costs a task and
a memory stream per request): a body it has read is handed on to the app unchanged.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 1_000_000
TOO_LARGE = {"detail": f"body larger than {MAX_BODY_BYTES} bytes"}


class RequestGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("root_path", "") + scope["path"]
        if b"%00" in scope.get("query_string", b"") or "%00" in path or "\x00" in path:
            await _reject(scope, receive, send, {"detail": "NUL characters are not allowed in the URL"}, 422)
            return
        if scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY_BYTES):
            await _reject(scope, receive, send, TOO_LARGE, 413)
            return
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # the client went away: let the app see it
                await self.app(scope, _replay([message], receive), send)
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                await _reject(scope, receive, send, TOO_LARGE, 413)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if b"\x00" in body or b"\\u0000" in body.lower():
            await _reject(scope, receive, send, {"detail": "NUL characters are not allowed in the body"}, 422)
            return
        await self.app(
            scope, _replay([{"type": "http.request", "body": body, "more_body": False}], receive), send
        )


def _replay(messages: list[Message], receive: Receive) -> Receive:
    async def replayed() -> Message:
        return messages.pop(0) if messages else await receive()

    return replayed


async def _reject(scope: Scope, receive: Receive, send: Send, detail: dict[str, Any], status: int) -> None:
    await JSONResponse(detail, status_code=status)(scope, receive, send)


def install_guards(app: FastAPI) -> None:
    app.add_middleware(RequestGuard)
