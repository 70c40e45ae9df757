"""Signing in and out, and choosing the console's language."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from application.sign_in import SignInRefusedError, SignInThrottledError
from entrypoints.console.i18n import LANGUAGES, N_
from entrypoints.console.rendering import render
from entrypoints.console.security import (
    HOME,
    SESSION_COOKIE,
    SIGN_IN_CSRF_COOKIE,
    ForbiddenError,
    Poster,
    config_of,
    forget_cookie,
    new_sign_in_csrf,
    safe_next,
    services_of,
    set_cookie,
    tokens_match,
)

router = APIRouter()


def _sign_in_page(
    request: Request, next_path: str, status_code: int = 200, alert: str | None = None, **alert_params: object
) -> Response:
    """``alert``: an English text of the catalogue (translated by the page) with its parameters."""
    token = request.cookies.get(SIGN_IN_CSRF_COOKIE) or new_sign_in_csrf()
    response = render(
        request,
        "login.html",
        status_code,
        next_path=next_path,
        sign_in_csrf=token,
        alert=alert,
        alert_params=alert_params,
    )
    set_cookie(request, response, SIGN_IN_CSRF_COOKIE, token)
    return response


@router.get("/login", name="console_login")
def login_page(request: Request, next: str = HOME) -> Response:
    return _sign_in_page(request, safe_next(next))


@router.post("/login", name="console_sign_in")
async def sign_in(
    request: Request,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = HOME,
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    if not tokens_match(csrf_token, request.cookies.get(SIGN_IN_CSRF_COOKIE, "")):
        raise ForbiddenError("csrf")
    target = safe_next(next)
    sessions = services_of(request).console_sessions
    try:
        token, _ = await run_in_threadpool(
            sessions.sign_in, username, password, config_of(request).session_idle
        )
    except SignInThrottledError as refused:
        alert = N_("Too many failed sign-ins for this username: try again in %(seconds)s seconds")
        response = _sign_in_page(request, target, 429, alert, seconds=refused.retry_after_seconds)
        response.headers["Retry-After"] = str(refused.retry_after_seconds)
        return response
    except SignInRefusedError:
        return _sign_in_page(request, target, 400, N_("Wrong username or password"))
    response = RedirectResponse(target, status_code=303)
    set_cookie(request, response, SESSION_COOKIE, token)
    forget_cookie(request, response, SIGN_IN_CSRF_COOKIE)
    return response


@router.post("/logout", name="console_sign_out")
async def sign_out(request: Request, who: Poster) -> Response:
    await run_in_threadpool(
        services_of(request).console_sessions.sign_out, request.cookies.get(SESSION_COOKIE, "")
    )
    response = RedirectResponse(request.app.url_path_for("console_login"), status_code=303)
    forget_cookie(request, response, SESSION_COOKIE)
    return response


@router.post("/language", name="console_language")
async def choose_language(
    request: Request, who: Poster, language: Annotated[str, Form()] = "", back: Annotated[str, Form()] = HOME
) -> Response:
    """The user's choice holds for their session; "" goes back to the browser's language."""
    chosen = language if language in LANGUAGES else None
    await run_in_threadpool(
        services_of(request).console_sessions.choose_language, request.cookies.get(SESSION_COOKIE, ""), chosen
    )
    return RedirectResponse(safe_next(back), status_code=303)
