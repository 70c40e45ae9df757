"""/api-keys: make, list and revoke API keys (scope ``admin``). A key is shown once, when made."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Response

from application.api_keys import NewApiKey
from domain.access import Scope
from entrypoints.http.auth import Requires
from entrypoints.http.dependencies import ServicesDep
from entrypoints.http.errors import error_responses
from entrypoints.http.openapi import BODY_ERRORS, answers
from entrypoints.http.response_models import View
from ports.api_keys import StoredApiKey

router = APIRouter(tags=["api keys"])
ADMIN = [Requires(Scope.ADMIN)]


class ApiKeyView(View):
    id: str
    name: str
    scopes: list[Scope]
    created_at: datetime
    last_used_at: datetime | None


class ApiKeyCreated(View):
    id: str
    name: str
    scopes: list[Scope]
    key: str
    created_at: datetime


class ApiKeyPage(View):
    items: list[ApiKeyView]


EXAMPLE = {
    "warehouse": {
        "summary": "A key that reads orders",
        "value": {"name": "warehouse", "scopes": ["orders:read"]},
    }
}
KeyId = Annotated[str, Path(max_length=100)]


def key_view(key: StoredApiKey) -> dict[str, Any]:
    return {
        "id": key.id,
        "name": key.name,
        "scopes": list(key.scopes),
        "created_at": key.created_at.isoformat(),
        "last_used_at": key.last_used_at.isoformat() if key.last_used_at else None,
    }


@router.post(
    "/api-keys",
    dependencies=ADMIN,
    status_code=201,
    response_model=None,
    responses=answers(ApiKeyCreated, *BODY_ERRORS, status=201, description="The key: shown this once"),
)
def create_api_key(
    body: Annotated[NewApiKey, Body(openapi_examples=EXAMPLE)], services: ServicesDep
) -> dict[str, Any]:
    made, key = services.access.create(body)
    view = key_view(made)
    del view["last_used_at"]
    return {**view, "key": key}


@router.get(
    "/api-keys",
    dependencies=ADMIN,
    response_model=None,
    responses=answers(ApiKeyPage, description="Every key"),
)
def list_api_keys(services: ServicesDep) -> dict[str, Any]:
    return {"items": [key_view(k) for k in services.access.all()]}


@router.delete(
    "/api-keys/{key_id}",
    dependencies=ADMIN,
    status_code=204,
    response_class=Response,
    responses={204: {"description": "Revoked: the key is refused (401) from now on"}, **error_responses(404)},
)
def revoke_api_key(key_id: KeyId, services: ServicesDep) -> Response:
    services.access.revoke(key_id)
    return Response(status_code=204)
