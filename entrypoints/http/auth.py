"""Bearer API keys: the configured ``ORDERHUB_API_KEY`` (an admin key) or a stored key (kept only as
a hash), and the scope each operation needs (``Requires``)."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Request, Security, params, status
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer, SecurityScopes
from starlette.concurrency import run_in_threadpool

from application.acting import act_for_request
from domain.access import Scope, allows
from domain.actor import Actor
from entrypoints.http.body_rules import strict_body
from entrypoints.http.query_rules import strict_query

bearer = HTTPBearer(
    auto_error=False,
    description="An API key: ORDERHUB_API_KEY, the key `orderhub serve` printed at its first start "
    "(both admin keys), or one made with `orderhub keys create` / POST /api/v1/api-keys. Each "
    "operation's security requirement names the scope it needs.",
)


@dataclass(frozen=True)
class Caller:
    """Who sent the request: the API key's name (and id, for a stored key) and its scopes."""

    name: str
    scopes: tuple[Scope, ...]
    key_id: str | None = None


CONFIGURED_KEY = Caller(name="ORDERHUB_API_KEY", scopes=(Scope.ADMIN,))


def _refused(message: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, message, headers={"WWW-Authenticate": "Bearer"})


def _refuse_another_scheme(sent: str) -> None:
    """A header that is there but is not a bearer key is not "missing": say what is wrong with it."""
    scheme, _, rest = sent.partition(" ")
    if not sent or scheme.lower() == "bearer":
        return
    # Never echo what was sent: a bare key is a secret.
    why = f"uses the scheme {scheme[:20]!r}" if rest.strip() else "has no 'Bearer ' before the key"
    raise _refused(f"the Authorization header {why}: send 'Authorization: Bearer <api key>'")


async def _caller(request: Request, credentials: HTTPAuthorizationCredentials | None) -> Caller:
    """Async, so the common case (the configured key) costs no thread hop; a stored key is looked
    up in the thread pool, off the event loop."""
    key = credentials.credentials.strip() if credentials is not None else ""
    if credentials is None:
        _refuse_another_scheme(request.headers.get("authorization", "").strip())
    if not key:
        raise _refused("missing API key: send 'Authorization: Bearer <api key>'")
    admin_key: str | None = request.app.state.admin_key
    if admin_key is not None and hmac.compare_digest(key.encode(), admin_key.encode()):
        return CONFIGURED_KEY
    stored = await run_in_threadpool(request.app.state.services.access.authenticate, key)
    if stored is None:  # unknown and revoked keys alike: nothing says which
        raise _refused("invalid API key")
    return Caller(name=stored.name, scopes=stored.scopes, key_id=stored.id)


async def authorize(
    request: Request,
    security_scopes: SecurityScopes,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)],
) -> Caller:
    """401 without a valid key; 403 naming the scope the key lacks. The caller is kept on
    ``request.state.caller``, and the events the request records name the key as their actor."""
    caller = await _caller(request, credentials)
    missing = [s for s in security_scopes.scopes if not allows(caller.scopes, Scope(s))]
    if missing:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            f"this API key lacks the scope {missing[0]!r}, which this operation needs "
            f"(the key has: {', '.join(caller.scopes)})",
        )
    # The request rules run after the key check: a caller without a key learns only that.
    await strict_query(request)
    await strict_body(request)
    request.state.caller = caller
    act_for_request(Actor.api_key(caller.name))
    return caller


def by_admin(request: Request) -> bool:
    """The request's key holds ``admin``: it may see restricted data (an erased customer's orders)."""
    caller = getattr(request.state, "caller", None)
    return isinstance(caller, Caller) and Scope.ADMIN in caller.scopes


def Requires(scope: Scope) -> Any:
    """The one way an operation declares what it needs: ``dependencies=[Requires(Scope.ORDERS_READ)]``.
    It appears in the operation's OpenAPI security requirement."""
    return Security(authorize, scopes=[scope.value])


def declared_scopes(route: APIRoute) -> list[str]:
    """The scopes an operation declared with ``Requires``."""
    return [
        scope
        for marker in route.dependencies
        if isinstance(marker, params.Security) and marker.dependency is authorize
        for scope in marker.scopes or ()
    ]


EBAY_ACCOUNT_DELETION = "/channels/{name}/ebay/account-deletion"
PUBLIC_OPERATIONS = frozenset({("GET", EBAY_ACCOUNT_DELETION), ("POST", EBAY_ACCOUNT_DELETION)})
"""The only operations under the API prefix that take no API key, each by method and path: eBay
calls them and cannot send a key (routes_ebay_deletion.py checks eBay's signature instead)."""


def _all_operations(app: FastAPI, prefix: str) -> Iterator[tuple[str, str, list[str]]]:
    for context in iter_route_contexts(app.routes):
        route, path = context.original_route, context.path or ""
        if isinstance(route, APIRoute) and path.startswith(prefix):
            for method in sorted(context.methods or ()):
                yield method, path, declared_scopes(route)


def is_public(method: str, path: str, prefix: str) -> bool:
    return path.startswith(prefix) and (method, path.removeprefix(prefix)) in PUBLIC_OPERATIONS


def operations(app: FastAPI, prefix: str) -> Iterator[tuple[str, str, list[str]]]:
    """Every operation of ``app`` under ``prefix`` that needs a key: method, path and its scopes."""
    for method, path, scopes in _all_operations(app, prefix):
        if not is_public(method, path, prefix):
            yield method, path, scopes


def public_operations(app: FastAPI, prefix: str) -> list[tuple[str, str]]:
    """The operations under ``prefix`` that take no key (``PUBLIC_OPERATIONS``, as the app has them)."""
    return [(m, p) for m, p, _ in _all_operations(app, prefix) if is_public(m, p, prefix)]


def require_scopes(app: FastAPI, prefix: str) -> None:
    """Every operation under ``prefix`` must declare one scope: one that does not stops the app
    from being built rather than being open to every key. The exceptions are named one by one
    (``PUBLIC_OPERATIONS``) and must declare none. The document then names each scope in the
    operation's description too, where the API docs show it."""
    for method, path, scopes in _all_operations(app, prefix):
        if is_public(method, path, prefix):
            if scopes:
                raise RuntimeError(f"{method} {path} takes no key and must declare no scope, not {scopes}")
        elif len(scopes) != 1:
            raise RuntimeError(f"{method} {path} must declare one scope (Requires), not {scopes}")
    build = app.openapi

    def document() -> dict[str, Any]:
        schema = build()  # FastAPI's cached document: the sentences are added once
        for item in schema.get("paths", {}).values():
            for operation in item.values():
                for requirement in operation.get("security", ()):
                    for scope in requirement.get("HTTPBearer", ()):
                        sentence = f"Needs the scope `{scope}`."
                        if sentence not in operation.get("description", ""):
                            operation["description"] = (
                                f"{operation.get('description', '')}\n\n{sentence}".lstrip()
                            )
        return schema

    app.openapi = document  # type: ignore[method-assign]  # FastAPI's way to extend the document
