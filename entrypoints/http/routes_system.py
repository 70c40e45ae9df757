"""Health and read-model status."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from entrypoints.http.dependencies import ServicesDep

health_router = APIRouter(tags=["system"])
router = APIRouter(tags=["system"])


@health_router.get("/health")
def health(services: ServicesDep) -> dict[str, Any]:
    return {"status": "ok", "events": services.projections.head()}


@router.get("/projections")
def projections(services: ServicesDep) -> dict[str, Any]:
    return {"items": services.projections.status()}
