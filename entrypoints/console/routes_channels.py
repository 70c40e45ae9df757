"""Channels in the console: the list with Sync now, a channel's sync log and quarantine, and
Add channel (admins) with a form built from the kind's settings schema."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from application.commands import RegisterChannel
from application.errors import (
    ChannelPausedError,
    ChannelSettingsError,
    DuplicateChannelError,
    SyncAlreadyRunningError,
    UnknownChannelKindError,
)
from domain.access import Scope
from domain.channel import SyncSummary
from entrypoints.console.channel_form import SettingField, setting_fields, settings_from_form, typed_values
from entrypoints.console.i18n import N_
from entrypoints.console.rendering import render
from entrypoints.console.security import Poster, Viewer, require, require_sync, services_of

router = APIRouter()

NamePath = Annotated[str, Path(max_length=63)]
SYNC_LOG_SHOWN = 20
SYNC_RUNNING = N_("A sync of this channel is running already; try again when it has finished")
NAME_TAKEN = N_("A channel of this name exists already")
PAUSED = N_("This channel is paused: resume it first")


KIND_NAMES = {
    "ebay": "eBay",
    "amazon": "Amazon",
    "jtl-shop": "JTL-Shop",
    "jtl-connector": "JTL-Connector",
    "oscar": "django-oscar",
}
"""How merchants write the built-in kinds' names; a plug-in's kind shows as it is named."""


@router.get("/channels", name="console_channels")
async def channels(request: Request, who: Viewer) -> Response:
    return await run_in_threadpool(_list_page, request)


def _list_page(
    request: Request,
    synced: tuple[str, SyncSummary] | None = None,
    alert: str | None = None,
    status_code: int = 200,
) -> Response:
    """``synced``: the channel just synced from this page and what the sync did."""
    rows = sorted(services_of(request).channels.list(), key=lambda c: c.name)
    return render(
        request, "channels.html", status_code, rows=rows, kind_names=KIND_NAMES, synced=synced, alert=alert
    )


@router.get("/channels/new", name="console_new_channel")
def new_channel(request: Request, who: Viewer, kind: str = "") -> Response:
    require(who, Scope.CHANNELS_WRITE)
    return _add_page(request, kind, {}, {}, {})


@router.post("/channels/new", name="console_add_channel")
async def add_channel(request: Request, who: Poster) -> Response:
    require(who, Scope.CHANNELS_WRITE)
    data = await request.form()
    kind_name = str(data.get("kind") or "")
    installed = services_of(request).kinds.get(kind_name)
    if installed is None or data.get("action") == "choose_kind":
        return _add_page(request, kind_name, {}, {}, {})
    fields = setting_fields(installed.settings_model.model_json_schema())
    typed = {key: str(data.get(key) or "") for key in ("name", "sync_interval_seconds")}
    errors: dict[str, str] = {}
    body: dict[str, Any] = {
        "name": typed["name"].strip(),
        "kind": kind_name,
        "settings": settings_from_form(fields, data),
        "sync_interval_seconds": typed["sync_interval_seconds"].strip() or None,
    }
    try:
        # The API's own body model: the same rules for the name and the interval as POST /channels.
        registration = RegisterChannel.model_validate(body)
    except ValidationError as exc:
        for error in exc.errors():
            errors.setdefault(str(error["loc"][0]), str(error["msg"]).removeprefix("Value error, "))
        registration = None
    if registration is not None:
        try:
            await run_in_threadpool(
                services_of(request).channels.register,
                registration.name,
                registration.kind,
                registration.settings,
                registration.sync_interval_seconds,
            )
        except ChannelSettingsError as refused:
            errors.update({f"setting_{name}": why for name, why in refused.fields.items()})
        except DuplicateChannelError:
            errors["name"] = NAME_TAKEN
        except UnknownChannelKindError:
            errors["kind"] = N_("Choose one of the installed kinds")
    if errors:
        return _add_page(request, kind_name, typed_values(fields, data), typed, errors, status_code=422)
    target = request.app.url_path_for("console_channel", channel_name=body["name"])
    return RedirectResponse(target, status_code=303)


@router.get("/channels/{channel_name}", name="console_channel")
async def channel_page(request: Request, who: Viewer, channel_name: NamePath) -> Response:
    return await run_in_threadpool(show_channel, request, channel_name)


@router.post("/channels/{channel_name}/sync", name="console_sync_channel")
async def sync_now(request: Request, who: Poster, channel_name: NamePath) -> Response:
    require_sync(who)
    services = services_of(request)
    await run_in_threadpool(services.channels.get, channel_name)  # an unknown channel: 404 before anything
    from_list = (await request.form()).get("back") == "list"  # Sync now in the list: back to it
    try:
        summary = await run_in_threadpool(services.sync, channel_name)
    except (SyncAlreadyRunningError, ChannelPausedError) as refused:
        alert = SYNC_RUNNING if isinstance(refused, SyncAlreadyRunningError) else PAUSED
        if from_list:
            return await run_in_threadpool(_list_page, request, None, alert, 409)
        return await run_in_threadpool(show_channel, request, channel_name, alert=alert, status_code=409)
    if from_list:
        return await run_in_threadpool(_list_page, request, (channel_name, summary))
    return await run_in_threadpool(show_channel, request, channel_name, summary=summary)


def show_channel(
    request: Request,
    name: str,
    *,
    summary: SyncSummary | None = None,
    alert: str | None = None,
    notice: str | None = None,
    status_code: int = 200,
) -> Response:
    """The channel's page; ``summary``: of the sync just run; ``alert``: why an action was refused;
    ``notice``: what an action did (translated already)."""
    services = services_of(request)
    channel = services.channels.get(name)
    quarantine = [
        {**entry.model_dump(), "payload": json.dumps(entry.raw, indent=2, ensure_ascii=False, default=str)}
        for entry in sorted(channel.quarantine.values(), key=lambda e: e.first_seen)
    ]
    return render(
        request,
        "channel.html",
        status_code,
        channel=channel,
        kind_names=KIND_NAMES,
        sync_log=services.sync_log.for_channel(name, SYNC_LOG_SHOWN),
        quarantine=quarantine,
        summary=summary,
        alert=alert,
        notice=notice,
    )


def _add_page(
    request: Request,
    kind_name: str,
    values: dict[str, str],
    typed: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    kinds = services_of(request).kinds
    installed = kinds.get(kind_name)
    fields: list[SettingField] = (
        setting_fields(installed.settings_model.model_json_schema()) if installed is not None else []
    )
    return render(
        request,
        "channel_form.html",
        status_code,
        kinds=sorted(kinds.kinds),
        kind=kind_name if installed is not None else "",
        fields=fields,
        values=values,
        typed=typed,
        errors=errors,
    )
