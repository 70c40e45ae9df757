"""/channels and /channel-kinds: configure order sources, sync them, inspect their quarantine."""

from __future__ import annotations

from typing import Annotated, Any

import anyio.to_thread
from fastapi import APIRouter, Body, Path
from pydantic import BaseModel, ConfigDict, Field

from application.channels import Unset
from application.commands import RegisterChannel
from domain.access import Scope
from domain.channel import SyncSummary
from entrypoints.http import examples
from entrypoints.http.auth import Requires
from entrypoints.http.dependencies import ServicesDep
from entrypoints.http.openapi import BODY_ERRORS, READ_MODEL_ERRORS, answers
from entrypoints.http.response_models import (
    ChannelDetail,
    ChannelKinds,
    ChannelPage,
    ChannelView,
    QuarantinePage,
)
from entrypoints.http.views import channel_view

router = APIRouter(tags=["channels"])

NamePath = Annotated[str, Path(max_length=63)]


@router.post(
    "/channels",
    dependencies=[Requires(Scope.CHANNELS_WRITE)],
    status_code=201,
    response_model=None,
    responses=answers(ChannelView, 409, *BODY_ERRORS, status=201, description="The channel registered"),
)
def register_channel(
    body: Annotated[RegisterChannel, Body(openapi_examples=examples.CHANNEL)], services: ServicesDep
) -> dict[str, Any]:
    """Settings as the kind's schema says (GET /channel-kinds); a name that is taken is a 409."""
    channel = services.channels.register(body.name, body.kind, body.settings, body.sync_interval_seconds)
    return channel_view(channel)


class UpdateChannel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    settings: dict[str, Any] | None = Field(
        default=None, description="settings to change; the others (and stored secrets) are kept"
    )
    sync_interval_seconds: int | None = Field(default=None, ge=10, le=7 * 24 * 3600)


@router.patch(
    "/channels/{name}",
    dependencies=[Requires(Scope.CHANNELS_WRITE)],
    response_model=None,
    responses=answers(ChannelView, 404, 409, *BODY_ERRORS, description="The channel, changed"),
)
def update_channel(
    name: NamePath,
    body: Annotated[UpdateChannel, Body(openapi_examples=examples.CHANNEL_CHANGE)],
    services: ServicesDep,
) -> dict[str, Any]:
    """Change settings (e.g. a renewed refresh token) or the sync interval (null: only on request)."""
    interval = body.sync_interval_seconds if "sync_interval_seconds" in body.model_fields_set else Unset()
    return channel_view(services.channels.update(name, body.settings, interval))


@router.get(
    "/channels",
    dependencies=[Requires(Scope.CHANNELS_READ)],
    response_model=None,
    responses=answers(ChannelPage, description="Every channel"),
)
def list_channels(services: ServicesDep) -> dict[str, Any]:
    items = [channel_view(c) for c in services.channels.list()]
    return {"items": items, "total": len(items)}


@router.get(
    "/channels/{name}",
    dependencies=[Requires(Scope.CHANNELS_READ)],
    response_model=None,
    responses=answers(ChannelDetail, 404, *READ_MODEL_ERRORS, description="The channel and its newest syncs"),
)
def get_channel(name: NamePath, services: ServicesDep) -> dict[str, Any]:
    view = channel_view(services.channels.get(name))
    view["sync_log"] = services.sync_log.for_channel(name)
    return view


@router.post(
    "/channels/{name}/sync",
    dependencies=[Requires(Scope.CHANNELS_WRITE)],
    response_model=None,
    responses=answers(SyncSummary, 404, 409, *READ_MODEL_ERRORS, description="What the sync did"),
)
async def sync_channel(name: NamePath, services: ServicesDep) -> dict[str, Any]:
    # Abandoned when the server stops: a sync waiting for a silent channel must not hold up the
    # shutdown (``orderhub serve`` then gives up its lease; the next sync resumes from its page).
    summary = await anyio.to_thread.run_sync(services.sync, name, abandon_on_cancel=True)
    return summary.model_dump()


@router.get(
    "/channels/{name}/quarantine",
    dependencies=[Requires(Scope.CHANNELS_READ)],
    response_model=None,
    responses=answers(QuarantinePage, 404, description="Channel orders that could not be imported"),
)
def channel_quarantine(name: NamePath, services: ServicesDep) -> dict[str, Any]:
    channel = services.channels.get(name)
    items = [
        {
            "external_id": e.external_id,
            "reason": e.reason,
            "first_seen": e.first_seen.isoformat(),
            "last_seen": e.last_seen.isoformat(),
            "attempts": e.attempts,
            "acknowledged": e.acknowledged,
            "raw": e.raw,
        }
        for e in channel.quarantine.values()
    ]
    return {"items": items, "total": len(items)}


@router.get(
    "/channel-kinds",
    dependencies=[Requires(Scope.CHANNELS_READ)],
    response_model=None,
    responses=answers(ChannelKinds, description="The installed kinds"),
)
def channel_kinds(services: ServicesDep) -> dict[str, Any]:
    registry = services.kinds
    items = [
        {
            "name": name,
            "origin": registry.origins.get(name, "built-in"),
            "pulls_by_time": bool(getattr(kind, "pulls_by_time", False)),
            "settings_schema": kind.settings_model.model_json_schema(),
        }
        for name, kind in sorted(registry.kinds.items())
    ]
    failures = [{"name": name, "error": why} for name, why in sorted(registry.failures.items())]
    return {"items": items, "failed": failures}
