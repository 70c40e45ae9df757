"""Domain and validation errors mapped to HTTP status codes, in one place."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

import psycopg
from eventsourcing.persistence import PersistenceError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError

from application.errors import (
    ChannelPausedError,
    ChannelSettingsError,
    DuplicateChannelError,
    InvalidQueryError,
    KeptCollidingError,
    QuarantineRetryUnsupportedError,
    SyncAlreadyRunningError,
    UnknownChannelKindError,
)
from application.idempotency import IdempotencyKeyReusedError
from domain.errors import (
    DomainError,
    EmailAlreadyClaimedError,
    IllegalStatusChangeError,
    InvalidOrderError,
    NotFoundError,
    OrderChangeRefusedError,
)
from entrypoints.store_recovery import recover_from
from ports.read_models import ProjectionStoppedError
from ports.secrets import SecretKeyError

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
"""What a 503 for an unavailable store asks clients to wait: about one connection timeout."""


class FieldProblem(BaseModel):
    field: str
    message: str


class Problem(BaseModel):
    """Every error response: ``detail`` says what is wrong (and names the field for a 422)."""

    detail: str
    errors: list[FieldProblem] | None = None
    customer_id: str | None = Field(default=None, description="the owner, when an e-mail is taken (409)")


ERROR_DESCRIPTIONS: dict[int, str] = {
    400: "The body could not be read",
    401: "Missing or wrong API key",
    403: "The API key lacks the scope this operation needs (the message names it)",
    404: "Unknown id",
    409: "Conflict: an illegal status change, an e-mail that is taken, a sync already running, a paused "
    "channel, an address that can no longer be corrected",
    413: "Body too large",
    415: "The body is not JSON (send Content-Type: application/json)",
    422: "Invalid input; the message names the field (or: an Idempotency-Key used for another order)",
    503: "The store is unavailable (Retry-After says when to try again), a read model is stopped (see GET "
    "/api/v1/projections), or the secret key cannot open a channel's secrets",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI entries of the error answers an operation can give, so that its document lists
    what clients really get (and nothing else)."""
    return {s: {"model": Problem, "description": ERROR_DESCRIPTIONS[s]} for s in statuses}


def _field(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts) or "body"


def _detail(error: dict[str, Any]) -> dict[str, Any]:
    if error.get("type") == "json_invalid":  # its loc is ("body", <character position>)
        position = error.get("loc", ("body", "?"))[-1]
        why = (error.get("ctx") or {}).get("error", "")
        return {"field": "body", "message": f"malformed JSON at character {position}: {why}".rstrip(": ")}
    message = str(error.get("msg", "")).removeprefix("Value error, ")
    return {"field": _field(tuple(error.get("loc", ()))), "message": message}


NOT_AN_OBJECT = {"model_attributes_type", "model_type", "dict_type"}


def _body_problem(error: dict[str, Any], content_type: str) -> dict[str, Any] | None:
    """The body as a whole is wrong: say what a client should send, not pydantic's "dictionary"."""
    if tuple(error.get("loc", ())) != ("body",):
        return None
    kind = content_type.split(";")[0].strip().lower()
    if kind and kind != "application/json" and not kind.endswith("+json"):
        message = f"must be JSON (Content-Type: application/json), not {kind[:60]}"
    elif error.get("type") in NOT_AN_OBJECT:
        message = "must be a JSON object ({...}), not an array or a single value"
    elif error.get("type") == "missing":
        message = "required: a JSON object (Content-Type: application/json)"
    else:
        return None
    return {"field": "body", "message": message}


def validation_message(errors: list[Any], content_type: str = "") -> tuple[str, list[dict[str, Any]]]:
    details = [_body_problem(e, content_type) or _detail(e) for e in errors]
    message = "; ".join(f"{d['field']}: {d['message']}" for d in details[:10])
    return message or "invalid input", details


def problem(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"detail": message, **extra}, status_code=status)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    def _invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        message, details = validation_message(list(exc.errors()), request.headers.get("content-type", ""))
        return problem(422, message, errors=details)

    @app.exception_handler(ValidationError)
    def _invalid_data(_: Request, exc: ValidationError) -> JSONResponse:
        message, details = validation_message(list(exc.errors()))
        return problem(422, message, errors=details)

    @app.exception_handler(DomainError)
    def _domain(_: Request, exc: DomainError) -> JSONResponse:
        if isinstance(exc, NotFoundError):
            return problem(404, str(exc))
        if isinstance(exc, EmailAlreadyClaimedError):
            return problem(409, str(exc), customer_id=str(exc.customer_id) if exc.customer_id else None)
        if isinstance(
            exc,
            IllegalStatusChangeError
            | OrderChangeRefusedError
            | DuplicateChannelError
            | SyncAlreadyRunningError
            | KeptCollidingError
            | ChannelPausedError
            | QuarantineRetryUnsupportedError,
        ):
            return problem(409, str(exc))
        if isinstance(
            exc,
            InvalidOrderError
            | UnknownChannelKindError
            | ChannelSettingsError
            | IdempotencyKeyReusedError
            | InvalidQueryError,
        ):
            return problem(422, str(exc))
        return problem(400, str(exc))

    @app.exception_handler(ProjectionStoppedError)
    def _stopped(_: Request, exc: ProjectionStoppedError) -> JSONResponse:
        return problem(503, f"{exc}; run 'orderhub projections rebuild' after fixing the cause")

    @app.exception_handler(SecretKeyError)
    def _secret_key(_: Request, exc: SecretKeyError) -> JSONResponse:
        return problem(503, str(exc))

    @app.exception_handler(PersistenceError)
    @app.exception_handler(sqlite3.Error)
    @app.exception_handler(psycopg.Error)
    def _store(request: Request, exc: Exception) -> JSONResponse:
        reason = recover_from(request.app.state.services, exc)
        if reason is None:
            log.error("unexpected store error", exc_info=exc)
            return problem(500, "internal error; the server log has the details")
        log.warning("%s %s: store unavailable: %s", request.method, request.url.path, reason)
        response = problem(503, f"the store is unavailable: {reason}; try again shortly")
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    @app.exception_handler(Exception)
    def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected error", exc_info=exc)  # handlers run outside the except block
        return problem(500, "internal error; the server log has the details")
