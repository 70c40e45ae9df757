"""What staff and admins do to a channel from its page: retry or dismiss a quarantined order,
pause, resume or remove the channel, through the use cases POST/PATCH/DELETE /channels use.

Retry is a sync of one order, so whoever may start a sync may retry (staff and admins); dismissing,
pausing and removing change the channel, which is the admins' part (``channels:write``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from application.channels import Unset
from application.errors import ChannelPausedError, QuarantineRetryUnsupportedError, SyncAlreadyRunningError
from application.sync import QuarantineRetry
from domain.access import Scope
from entrypoints.console.i18n import N_, gettext
from entrypoints.console.routes_channels import PAUSED, SYNC_RUNNING, NamePath, show_channel
from entrypoints.console.security import Poster, require, require_sync, services_of

router = APIRouter()

ExternalId = Annotated[str, Path(min_length=1, max_length=200)]
OUTCOMES = {
    "imported": N_("Order %(id)s imported: it is an order now."),
    "quarantined": N_("Order %(id)s still fails: %(reason)s"),
    "not_returned": N_("The channel did not return order %(id)s."),
    "channel_error": N_("The channel could not be asked for order %(id)s: %(reason)s"),
}
REASON_NEEDED = N_("Give a reason for dismissing it")


@router.post("/channels/{channel_name}/quarantine/{external_id}/retry", name="console_retry_quarantined")
async def retry(request: Request, who: Poster, channel_name: NamePath, external_id: ExternalId) -> Response:
    require_sync(who)
    retry_one = services_of(request).sync.retry_quarantined
    try:
        result: QuarantineRetry = await run_in_threadpool(retry_one, channel_name, external_id)
    except (SyncAlreadyRunningError, ChannelPausedError, QuarantineRetryUnsupportedError) as refused:
        alert = {SyncAlreadyRunningError: SYNC_RUNNING, ChannelPausedError: PAUSED}.get(
            type(refused), str(refused)
        )
        return await run_in_threadpool(show_channel, request, channel_name, alert=alert, status_code=409)
    notice = gettext(OUTCOMES[result.outcome]) % {"id": external_id, "reason": result.reason or ""}
    return await run_in_threadpool(show_channel, request, channel_name, notice=notice)


@router.post("/channels/{channel_name}/quarantine/{external_id}/dismiss", name="console_dismiss_quarantined")
async def dismiss(
    request: Request,
    who: Poster,
    channel_name: NamePath,
    external_id: ExternalId,
    reason: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    require(who, Scope.CHANNELS_WRITE)
    if not reason.strip():
        return await run_in_threadpool(
            show_channel, request, channel_name, alert=REASON_NEEDED, status_code=422
        )
    channels = services_of(request).channels
    await run_in_threadpool(channels.dismiss_quarantined, channel_name, external_id, reason.strip())
    notice = gettext("Order %(id)s dismissed: it is not imported.") % {"id": external_id}
    return await run_in_threadpool(show_channel, request, channel_name, notice=notice)


@router.post("/channels/{channel_name}/pause", name="console_pause_channel")
async def pause(request: Request, who: Poster, channel_name: NamePath) -> Response:
    return await _set_paused(request, who, channel_name, True)


@router.post("/channels/{channel_name}/resume", name="console_resume_channel")
async def resume(request: Request, who: Poster, channel_name: NamePath) -> Response:
    return await _set_paused(request, who, channel_name, False)


@router.post("/channels/{channel_name}/remove", name="console_remove_channel")
async def remove(request: Request, who: Poster, channel_name: NamePath) -> Response:
    require(who, Scope.CHANNELS_WRITE)
    try:
        await run_in_threadpool(services_of(request).channel_removal.remove, channel_name)
    except SyncAlreadyRunningError:
        return await run_in_threadpool(
            show_channel, request, channel_name, alert=SYNC_RUNNING, status_code=409
        )
    return RedirectResponse(request.app.url_path_for("console_channels"), status_code=303)


async def _set_paused(request: Request, who: Poster, channel_name: str, paused: bool) -> Response:
    require(who, Scope.CHANNELS_WRITE)
    channels = services_of(request).channels
    await run_in_threadpool(channels.update, channel_name, None, Unset(), paused)
    target = request.app.url_path_for("console_channel", channel_name=channel_name)
    return RedirectResponse(target, status_code=303)
