"""Installing the console into the FastAPI application (see the package's docstring)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.routing import NoMatchFound

from entrypoints.console import i18n
from entrypoints.console.i18n import gettext
from entrypoints.console.pages import NAV, ROUTERS
from entrypoints.console.rendering import STATIC, environment, render, route_paths
from entrypoints.console.security import (
    CONSOLE_PREFIX,
    HOME,
    ConsoleConfig,
    ForbiddenError,
    SecurityHeaders,
    SignInNeededError,
    Viewer,
)
from entrypoints.settings import Settings


def config_from(settings: Settings) -> ConsoleConfig:
    return ConsoleConfig(
        zone=settings.zone(),
        session_idle=timedelta(hours=settings.session_idle_hours),
        secure_cookies=settings.secure_cookies,
    )


def _nav_links(app: FastAPI) -> list[tuple[str, str | None]]:
    links: list[tuple[str, str | None]] = []
    for label, name in NAV:
        try:
            links.append((label, app.url_path_for(name)))
        except NoMatchFound:
            links.append((label, None))
    return links


def install_console(app: FastAPI, settings: Settings | None = None) -> None:
    """``settings``: the time zone, session idle time and cookie flag (their defaults without it)."""
    i18n.load_all()
    app.state.console = config_from(settings) if settings is not None else ConsoleConfig()
    app.state.console_templates = environment()
    for router in ROUTERS:
        app.include_router(router, prefix=CONSOLE_PREFIX, include_in_schema=False)
    app.mount(f"{CONSOLE_PREFIX}/static", StaticFiles(directory=STATIC), name="console_static")

    @app.get(f"{CONSOLE_PREFIX}/{{rest:path}}", include_in_schema=False)
    def no_such_page(request: Request, rest: str, who: Viewer) -> Response:
        """Last of the console's routes: a page that is not there is a console page saying so
        (``/console/`` is the dashboard)."""
        if not rest:
            query = f"?{request.url.query}" if request.url.query else ""
            return RedirectResponse(f"{HOME}{query}", status_code=307)
        return render(request, "not_found.html", 404, what=gettext("page"), reference=f"/console/{rest}")

    app.state.console_templates.globals["nav_links"] = _nav_links(app)
    app.state.console_route_paths = route_paths(app)
    app.state.console_route_names = frozenset(app.state.console_route_paths)

    @app.get("/", include_in_schema=False)
    def home() -> Response:
        return RedirectResponse(HOME, status_code=307)

    @app.exception_handler(SignInNeededError)
    async def to_sign_in(request: Request, error: SignInNeededError) -> Response:
        login = app.url_path_for("console_login")
        target = login if error.next_path is None else f"{login}?{_query(error.next_path)}"
        if request.headers.get("hx-request"):  # htmx follows this header, not a redirect of its request
            return Response(status_code=401, headers={"HX-Redirect": target})
        return RedirectResponse(target, status_code=303)

    @app.exception_handler(ForbiddenError)
    async def forbidden(request: Request, error: ForbiddenError) -> Response:
        return render(request, "forbidden.html", 403, reason=error.reason)

    app.add_middleware(SecurityHeaders)


def _query(next_path: str) -> str:
    return urlencode({"next": next_path})
