"""The FastAPI application: routers under /api/v1, one error mapping, bearer-key auth."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version

import anyio.to_thread
from fastapi import Depends, FastAPI
from fastapi_offline import FastAPIOffline

from entrypoints.bootstrap import Services
from entrypoints.console.app import install_console
from entrypoints.http import (
    routes_api_keys,
    routes_channels,
    routes_customers,
    routes_orders,
    routes_reports,
    routes_system,
)
from entrypoints.http.auth import require_scopes
from entrypoints.http.errors import error_responses, install_error_handlers
from entrypoints.http.guards import install_guards
from entrypoints.http.query_rules import strict_query
from entrypoints.settings import Settings

API_PREFIX = "/api/v1"


WORKER_THREADS = 16
"""Requests served at once (FastAPI runs the plain ``def`` endpoints in a thread pool, 40 threads by
default): more threads than this only queue for the interpreter lock and the store's connections,
which made every request slower under load."""


@asynccontextmanager
async def _thread_pool(_: FastAPI) -> AsyncIterator[None]:
    anyio.to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS
    yield


def _version() -> str:
    try:
        return version("orderhub")
    except PackageNotFoundError:  # run from a source tree that was not installed
        return "unknown"


def create_app(services: Services, admin_key: str | None, settings: Settings | None = None) -> FastAPI:
    """``settings``: the console's time zone, session idle time and cookie flag (their defaults
    without it). ``/docs`` and ``/redoc`` are served with local assets, so they work offline."""
    app = FastAPIOffline(
        lifespan=_thread_pool,
        title="orderhub",
        version=_version(),
        description="Every way an order reaches the back office, in one event-sourced order book.",
    )
    app.state.services = services
    app.state.admin_key = admin_key
    # 422: a NUL in the URL, an unknown query parameter
    app.include_router(
        routes_system.health_router, dependencies=[Depends(strict_query)], responses=error_responses(422)
    )
    for module in (
        routes_orders,
        routes_customers,
        routes_channels,
        routes_reports,
        routes_system,
        routes_api_keys,
    ):
        app.include_router(module.router, prefix=API_PREFIX, responses=error_responses(401, 403, 422))
    require_scopes(app, API_PREFIX)
    install_error_handlers(app)
    install_console(app, settings)
    install_guards(app)
    return app
