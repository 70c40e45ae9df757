"""Domain and validation errors mapped to HTTP status codes, in one place."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from adapters.read_models.runner import ProjectionStoppedError
from application.errors import (
    ChannelSettingsError,
    ConcurrencyError,
    DuplicateChannelError,
    SyncAlreadyRunningError,
    UnknownChannelKindError,
)
from domain.errors import (
    DomainError,
    EmailAlreadyClaimedError,
    IllegalStatusChangeError,
    InvalidOrderError,
    NotFoundError,
)

log = logging.getLogger(__name__)


def _field(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts) or "body"


def validation_message(errors: list[Any]) -> tuple[str, list[dict[str, Any]]]:
    details = [{"field": _field(tuple(e.get("loc", ()))), "message": str(e.get("msg", ""))} for e in errors]
    message = "; ".join(f"{d['field']}: {d['message']}" for d in details[:10])
    return message or "invalid input", details


def problem(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"detail": message, **extra}, status_code=status)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    def _invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        message, details = validation_message(list(exc.errors()))
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
            exc, IllegalStatusChangeError | DuplicateChannelError | SyncAlreadyRunningError | ConcurrencyError
        ):
            return problem(409, str(exc))
        if isinstance(exc, InvalidOrderError | UnknownChannelKindError | ChannelSettingsError):
            return problem(422, str(exc))
        return problem(400, str(exc))

    @app.exception_handler(ProjectionStoppedError)
    def _stopped(_: Request, exc: ProjectionStoppedError) -> JSONResponse:
        return problem(503, f"{exc}; run 'orderhub projections rebuild' after fixing the cause")

    @app.exception_handler(Exception)
    def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return problem(500, "internal error; the server log has the details")
