"""Pages from Jinja2 templates, in the request's language, with what every page needs.

Templates get the signed-in user (``who``), the CSRF token (``csrf``), ``url(name, **params)``
for a route's path, ``static(path)``, ``_``/``gettext``/``ngettext`` and the formatters
(``money``, ``moment``, ``day``, ``status_word``, ``number``). They show what routes hand them;
they decide nothing (what a user may do arrives as flags, e.g. ``who.may(...)``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.routing import iter_route_contexts
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from domain.access import Scope
from entrypoints.console import formatting
from entrypoints.console.i18n import LANGUAGES, gettext, negotiate, ngettext, speaking
from entrypoints.console.security import STATIC_PREFIX, config_of

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
HTMX = "vendor/htmx-2.0.11/htmx.min.js"


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(
        money=formatting.money,
        day=formatting.day,
        status_word=formatting.status_word,
        number=formatting.number,
        Scope=Scope,
        role_words=formatting.ROLE_WORDS,
        LANGUAGES=LANGUAGES,
        HTMX=HTMX,
    )
    return env


def route_paths(app: Any) -> dict[str, str]:
    """Each named route's path template (``/console/orders/{reference}``): a page of 50 orders
    links 50 of them, and Starlette's ``url_path_for`` walks every route of the app for each."""
    return {
        name: context.path
        for context in iter_route_contexts(app.routes)
        if (name := getattr(context.original_route, "name", None)) and context.path
    }


def path_for(request: Request, name: str, **params: Any) -> str:
    template = request.app.state.console_route_paths.get(name)
    if template is None or ("{" in template and not params):
        return str(request.app.url_path_for(name, **params))
    return str(template.format(**{key: quote(str(value), safe="") for key, value in params.items()}))


def with_query(path: str, query: dict[str, Any] | None) -> str:
    kept = {key: str(value) for key, value in (query or {}).items() if value not in (None, "")}
    return f"{path}?{urlencode(kept)}" if kept else path


def has_route(request: Request, name: str) -> bool:
    """Whether a page group that another part of the console adds is installed (a link to it is
    shown only then)."""
    names: frozenset[str] = request.app.state.console_route_names
    return name in names


def language_of(request: Request) -> str:
    who = getattr(request.state, "signed_in", None)
    chosen = who.session.language if who is not None else None
    return negotiate(chosen, request.headers.get("accept-language", ""))


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    env: Environment = request.app.state.console_templates
    who = getattr(request.state, "signed_in", None)
    zone = config_of(request).zone
    language = language_of(request)
    with speaking(language):
        html = env.get_template(template).render(
            request=request,
            who=who,
            csrf=who.session.csrf_token if who is not None else "",
            lang=language,
            url=lambda name, **params: path_for(request, name, **params),
            has_route=lambda name: has_route(request, name),
            link=lambda name, query=None, **params: with_query(
                request.app.url_path_for(name, **params), query
            ),
            static=lambda path: f"{STATIC_PREFIX}{path}",
            moment=lambda value: formatting.moment(value, zone),
            **context,
        )
    return HTMLResponse(html, status_code=status_code)
