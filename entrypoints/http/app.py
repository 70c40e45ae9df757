"""The FastAPI application: routers under /api/v1, one error mapping, bearer-key auth."""

from __future__ import annotations

from fastapi import Depends, FastAPI

from entrypoints.bootstrap import Services
from entrypoints.http import routes_channels, routes_customers, routes_orders, routes_reports, routes_system
from entrypoints.http.auth import require_api_key
from entrypoints.http.errors import ERROR_RESPONSES, install_error_handlers
from entrypoints.http.guards import install_guards

API_PREFIX = "/api/v1"


def create_app(services: Services, admin_key: str | None) -> FastAPI:
    app = FastAPI(
        title="orderhub",
        version="0.1.0",
        description="Every way an order reaches the back office, in one event-sourced order book.",
    )
    app.state.services = services
    app.state.admin_key = admin_key
    secured = [Depends(require_api_key)]
    app.include_router(routes_system.health_router)
    for module in (routes_orders, routes_customers, routes_channels, routes_reports, routes_system):
        app.include_router(module.router, prefix=API_PREFIX, dependencies=secured, responses=ERROR_RESPONSES)
    install_error_handlers(app)
    install_guards(app)
    return app
