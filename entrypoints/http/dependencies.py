"""Request-scoped access to the services built by the composition root."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from entrypoints.bootstrap import Services


async def get_services(request: Request) -> Services:  # async: a plain def would cost a thread hop
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]
