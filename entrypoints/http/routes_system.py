"""Health and read-model status."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from domain.access import Scope
from entrypoints.http.auth import Requires
from entrypoints.http.dependencies import ServicesDep
from entrypoints.http.openapi import answers
from entrypoints.http.response_models import Health, Liveness, ProjectionList, Readiness
from entrypoints.readiness import readiness

health_router = APIRouter(tags=["system"])
router = APIRouter(tags=["system"])


@health_router.get("/health", response_model=None, responses=answers(Health, description="The service runs"))
def health(services: ServicesDep) -> dict[str, Any]:
    return {"status": "ok", "events": services.projections.head()}


@health_router.get(
    "/health/live", response_model=None, responses=answers(Liveness, description="The process answers")
)
def live() -> dict[str, Any]:
    """The process answers: nothing else is checked (restart it only when this fails)."""
    return {"status": "ok"}


@health_router.get(
    "/health/ready",
    response_model=None,
    responses=answers(Readiness, 503, description="Ready: the store takes writes, the projections follow"),
)
def ready(request: Request, services: ServicesDep) -> JSONResponse:
    """200 when the store takes writes and the projections follow the log; 503 naming what is not."""
    checks = readiness(services, getattr(request.app.state, "background", None))
    failing = {part: state for part, state in checks.items() if state != "ok"}
    if not failing:
        return JSONResponse({"status": "ready", "checks": checks})
    detail = "; ".join(f"{part}: {state}" for part, state in failing.items())
    response = JSONResponse({"status": "unavailable", "detail": detail, "checks": checks}, status_code=503)
    response.headers["Retry-After"] = "5"
    return response


@router.get(
    "/projections",
    dependencies=[Requires(Scope.ADMIN)],
    response_model=None,
    responses=answers(ProjectionList, description="Every read model"),
)
def projections(services: ServicesDep) -> dict[str, Any]:
    return {"items": services.projections.status()}
