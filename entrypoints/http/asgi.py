"""The ASGI app factory for uvicorn worker processes: each builds its own services from Settings.

``orderhub serve --workers N`` uses it; so can any ASGI server::

    uvicorn --factory entrypoints.http.asgi:create --workers 4

These processes serve the API only. Scheduled syncs and projection following run in
``orderhub serve`` itself or in ``orderhub worker``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

from entrypoints.bootstrap import bootstrap
from entrypoints.http.app import create_app
from entrypoints.settings import Settings


def create() -> FastAPI:
    settings = Settings()
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    services = bootstrap(
        settings.database_url, channel_limits=settings.channel_limits(), timezone=settings.timezone
    )
    app = create_app(services, settings.api_key.get_secret_value() if settings.api_key else None, settings)
    app_lifespan = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(running: FastAPI) -> AsyncIterator[Mapping[str, Any] | None]:
        try:
            async with app_lifespan(running) as state:
                yield state
        finally:
            services.close()  # return this worker's database connections

    app.router.lifespan_context = lifespan  # type: ignore[assignment]  # a union mypy cannot match
    return app
