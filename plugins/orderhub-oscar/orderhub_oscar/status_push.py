"""Pushing an orderhub status to Oscar, one pipeline step at a time.

``push_steps`` lists the Oscar statuses to walk through (shipped: processing, then shipped,
because Oscar's pipeline only moves new -> processing -> shipped). Steps the order has already
taken are skipped, so a push retried after a partial success finishes the walk. Each step is a
``PATCH`` (shop extension installed) or, once the shop answered 405, the dashboard form,
verified by re-reading the order.
"""

from __future__ import annotations

from typing import Any

import httpx

from domain.status import OrderStatus
from orderhub_oscar.client import OscarApiClient, order_pk
from orderhub_oscar.dashboard import DashboardForms
from orderhub_oscar.settings import OscarSettings
from ports.channels import ChannelContext, PushOutcome, StatusPush


def push_note(change: StatusPush) -> str | None:
    """What Oscar records as the order note beside the change (Oscar has no tracking field)."""
    if change.tracking is not None:
        return f"orderhub: shipped with {change.tracking.carrier}, tracking number {change.tracking.number}"
    if change.reason:
        return f"orderhub: cancelled: {change.reason}"
    return None


class StatusPusher:
    def __init__(
        self,
        settings: OscarSettings,
        context: ChannelContext,
        api: OscarApiClient,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.settings, self.context, self.api = settings, context, api
        self._transport = transport
        self._dashboard: DashboardForms | None = None
        self.patch_supported: bool | None = None
        """None until the shop answered a PATCH; False after a 405 (stock django-oscar-api)."""

    def close(self) -> None:
        if self._dashboard is not None:
            self._dashboard.close()

    def _find_pk(self, change: StatusPush) -> int | None:
        if change.receipt and change.receipt.isdigit():
            return int(change.receipt)
        for summary in self.api.orders():  # no receipt: look the number up (slow, rare)
            if isinstance(summary, dict) and str(summary.get("number")) == change.external_id:
                return order_pk(summary)
        return None

    def push(self, change: StatusPush) -> PushOutcome:
        steps = self.settings.push_steps.get(change.status)
        if not steps:  # refused for good: PushRejected, not counted as pushed, not retried
            return PushOutcome(
                delivered=False,
                detail=(
                    f"Oscar has no order status for {change.status} (none in push_steps): set the"
                    " order's status in Oscar's dashboard (Dashboard > Orders)"
                ),
            )
        pk = self._find_pk(change)
        order = self.api.order(pk) if pk is not None else None
        if pk is None or order is None:
            return PushOutcome(delivered=False, detail=f"order {change.external_id} does not exist in Oscar")
        number, current = str(order.get("number", change.external_id)), str(order.get("status"))
        if self._already_there(current, change.status):
            return PushOutcome(
                delivered=True, reference=f"{number}:{current}", detail=f"not sent: Oscar has {current!r}"
            )
        todo = steps[steps.index(current) + 1 :] if current in steps else steps
        note = push_note(change)
        for n, step in enumerate(todo):
            refused = self._step(pk, number, current, step, note if n == len(todo) - 1 else None)
            if refused:
                return PushOutcome(delivered=False, detail=refused)
            current = step
        return PushOutcome(delivered=True, reference=f"{number}:{current}")

    def _already_there(self, current: str, wanted: OrderStatus) -> bool:
        have = self.settings.status_map.get(current)
        if have is None:
            return False
        if wanted is OrderStatus.CANCELLED or have is OrderStatus.CANCELLED:
            return have is wanted
        return have.rank >= wanted.rank

    def _step(self, pk: int, number: str, current: str, step: str, note: str | None) -> str | None:
        """None when Oscar took the step, else why not."""
        if self.patch_supported is not False:
            result = self.api.patch_status(pk, step, note)
            if result.outcome != "unsupported":
                self.patch_supported = True
                return result.detail or None
            self.patch_supported = False
        if self._dashboard is None:
            self._dashboard = DashboardForms(self.settings, self.context, self._transport)
        self._dashboard.change_status(number, step, note)
        after: dict[str, Any] | None = self.api.order(pk)
        if after is None or after.get("status") != step:
            seen = None if after is None else after.get("status")
            return (
                f"Oscar's dashboard did not move order {number} from {current!r} to {step!r} (now {seen!r})"
            )
        return None
