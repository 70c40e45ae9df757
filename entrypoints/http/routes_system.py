"""Health and read-model status."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from domain.access import Scope
from entrypoints.http.auth import Requires
from entrypoints.http.dependencies import ServicesDep
from entrypoints.http.openapi import answers
from entrypoints.http.response_models import Health, ProjectionList

health_router = APIRouter(tags=["system"])
router = APIRouter(tags=["system"])


@health_router.get("/health", response_model=None, responses=answers(Health, description="The service runs"))
def health(services: ServicesDep) -> dict[str, Any]:
    return {"status": "ok", "events": services.projections.head()}


@router.get(
    "/projections",
    dependencies=[Requires(Scope.ADMIN)],
    response_model=None,
    responses=answers(ProjectionList, description="Every read model"),
)
def projections(services: ServicesDep) -> dict[str, Any]:
    return {"items": services.projections.status()}
