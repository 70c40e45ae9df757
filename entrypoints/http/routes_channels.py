"""/channels and /channel-kinds: configure order sources, sync them, inspect their quarantine."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

import anyio.to_thread
from fastapi import APIRouter, Body, Path, Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from application.channels import Unset
from application.commands import RegisterChannel
from domain.access import Scope
from domain.channel import SyncSummary
from entrypoints.http import examples
from entrypoints.http.auth import Requires
from entrypoints.http.dependencies import ServicesDep
from entrypoints.http.errors import error_responses
from entrypoints.http.openapi import BODY_ERRORS, READ_MODEL_ERRORS, answers
from entrypoints.http.response_models import (
    ChannelDetail,
    ChannelKinds,
    ChannelPage,
    ChannelView,
    QuarantinePage,
    QuarantineRetryView,
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
    paused: bool | None = Field(
        default=None,
        description="true: no sync runs, on schedule or on request (POST .../sync answers 409); "
        "false: syncs again; absent or null: as it is",
    )


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
    """Change settings (e.g. a renewed refresh token), the sync interval (null: only on request), or
    pause and resume the channel (``paused``)."""
    interval = body.sync_interval_seconds if "sync_interval_seconds" in body.model_fields_set else Unset()
    return channel_view(services.channels.update(name, body.settings, interval, body.paused))


@router.delete(
    "/channels/{name}",
    dependencies=[Requires(Scope.CHANNELS_WRITE)],
    status_code=204,
    response_class=Response,
    responses={
        204: {
            "description": "Removed: its orders stay (and still name it); its settings and secrets are gone"
        },
        **error_responses(404, 409, *READ_MODEL_ERRORS),
    },
)
def remove_channel(name: NamePath, services: ServicesDep) -> Response:
    """Its orders stay and keep naming it; its settings, secrets, watermark and quarantine go.
    Changes made here that it had not confirmed are recorded on their orders as not sent
    (``push_refused``). 409 while a sync of it runs. The name may be registered again: the new
    channel starts afresh, and its orders with an order id the old one used update those orders."""
    services.channel_removal.remove(name)
    return Response(status_code=204)


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
    """409 while another sync of it runs, and while it is paused (resume it first)."""
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
    """Each with the payload as the channel sent it (``raw``); ``dismissed``: what staff dismissed."""
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
    dismissed = [
        {"external_id": d.external_id, "reason": d.reason, "dismissed_at": d.dismissed_at.isoformat()}
        for d in (channel.dismissed or {}).values()
    ]
    return {"items": items, "total": len(items), "dismissed": dismissed}


QuarantineId = Annotated[str, Path(min_length=1, max_length=200)]


@router.post(
    "/channels/{name}/quarantine/{external_id}/retry",
    dependencies=[Requires(Scope.CHANNELS_WRITE)],
    response_model=None,
    responses=answers(QuarantineRetryView, 404, 409, *READ_MODEL_ERRORS, description="What the retry did"),
)
async def retry_quarantined(
    name: NamePath, external_id: QuarantineId, services: ServicesDep
) -> dict[str, Any]:
    """Now, instead of at the next sync: fetched again by its id where the channel's kind can, else
    mapped again from the payload kept. 409 while a sync of the channel runs or it is paused, and
    for a kind that can do neither (its next sync retries the order when the channel sends it)."""
    retry = services.sync.retry_quarantined
    result = await anyio.to_thread.run_sync(retry, name, external_id, abandon_on_cancel=True)
    return dataclasses.asdict(result)


class DismissQuarantined(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)] = Field(
        description="why it is not to be imported (kept with who dismissed it)"
    )


@router.post(
    "/channels/{name}/quarantine/{external_id}/dismiss",
    dependencies=[Requires(Scope.CHANNELS_WRITE)],
    response_model=None,
    responses=answers(QuarantinePage, 404, 409, *BODY_ERRORS, description="The quarantine, without it"),
)
def dismiss_quarantined(
    name: NamePath,
    external_id: QuarantineId,
    body: Annotated[DismissQuarantined, Body(openapi_examples=examples.DISMISSAL)],
    services: ServicesDep,
) -> dict[str, Any]:
    """Gone from the list; recorded (``QuarantineDismissed``, with who did it and ``reason``) and
    listed under ``dismissed``. A sync does not quarantine it again (an ack-based channel is told
    it was fetched, so it stops sending it); if it later maps, it is imported as any order."""
    services.channels.dismiss_quarantined(name, external_id, body.reason)
    return channel_quarantine(name, services)


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
