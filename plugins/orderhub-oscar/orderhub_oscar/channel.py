"""An ``oscar`` channel: pulls recent orders from the admin API and pushes statuses back.

Oscar orders have no "modified" date and the admin list has no filters, so a time window cannot
see a status change. Every pull therefore re-reads every order placed in the last
``lookback_days`` (``first_sync_lookback_days`` on the first sync; the application's window is not
used: ``pulls_by_time`` is False), stopping at the first older order of the newest-first list,
and yields them all; the application's fingerprint comparison skips unchanged ones. A sync that
stops early resumes the same scan from its checkpoint.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta
from typing import Any

import httpx

from adapters.channels.raw_payloads import stand_in_id
from orderhub_oscar.client import OscarApiClient, order_pk
from orderhub_oscar.mapping import map_order, placed_at
from orderhub_oscar.settings import OscarSettings
from orderhub_oscar.status_push import StatusPusher
from ports.channels import (
    ChannelContext,
    FetchesOrders,
    PulledOrder,
    PulledPage,
    PullFailure,
    PullWindow,
    PushOutcome,
    StatusPush,
)

log = logging.getLogger(__name__)


class OscarChannel(FetchesOrders):
    def __init__(
        self, settings: OscarSettings, context: ChannelContext, transport: httpx.BaseTransport | None = None
    ) -> None:
        self.settings, self.context = settings, context
        self.api = OscarApiClient(settings, context, transport)
        self._pusher = StatusPusher(settings, context, self.api, transport)

    def close(self) -> None:
        self.api.close()
        self._pusher.close()

    def acknowledge(self, receipts: list[str]) -> None:
        """Nothing to do: Oscar does not re-deliver; receipts only carry the order's database id."""

    def push(self, change: StatusPush) -> PushOutcome:
        return self._pusher.push(change)

    def _scan_start(self, window: PullWindow, checkpoint: Mapping[str, Any] | None) -> tuple[datetime, int]:
        if checkpoint and not checkpoint.get("complete") and checkpoint.get("start"):
            return datetime.fromisoformat(str(checkpoint["start"])), int(checkpoint.get("done", 0))
        days = self.settings.lookback_days
        if window.first_sync and self.settings.first_sync_lookback_days is not None:
            days = self.settings.first_sync_lookback_days
        return self.context.clock.now() - timedelta(days=days), 0

    def pull(self, window: PullWindow, checkpoint: Mapping[str, Any] | None) -> Iterator[PulledPage]:
        start, done = self._scan_start(window, checkpoint)
        orders: list[PulledOrder] = []
        failures: list[PullFailure] = []
        seen, yielded, newest_first, previous = 0, False, True, None
        for summary in self.api.orders():
            when = _placed(summary)
            if when is not None:
                newest_first = newest_first and (previous is None or when <= previous)
                previous = when
                if when < start:
                    if newest_first:
                        break  # everything after this one is older still
                    continue
            seen += 1
            if seen <= done:
                continue  # pulled before the sync stopped
            self._pull_one(summary, orders, failures)
            if len(orders) + len(failures) >= self.settings.page_size:
                yield PulledPage(orders=orders, failures=failures, checkpoint=_mark(start, seen, False))
                orders, failures, yielded = [], [], True
        if orders or failures or not yielded:
            yield PulledPage(orders=orders, failures=failures, checkpoint=_mark(start, seen, True))

    def fetch_orders(self, external_ids: list[str]) -> Iterator[PulledPage]:
        """Orders by number, whatever their date: how orderhub retries its quarantine."""
        wanted = set(external_ids)
        orders: list[PulledOrder] = []
        failures: list[PullFailure] = []
        for summary in self.api.orders():
            if wanted and isinstance(summary, Mapping) and str(summary.get("number")) in wanted:
                wanted.discard(str(summary.get("number")))
                self._pull_one(summary, orders, failures)
            if not wanted:
                break
        if orders or failures:
            yield PulledPage(orders=orders, failures=failures)

    def _pull_one(self, summary: Any, orders: list[PulledOrder], failures: list[PullFailure]) -> None:
        if not isinstance(summary, Mapping):
            failures.append(
                PullFailure(
                    external_id=stand_in_id(summary), reason="order list entry is not an object", raw=summary
                )
            )
            return
        external_id = str(summary.get("number") or summary.get("id") or stand_in_id(summary))
        pk = order_pk(summary)
        if pk is None:
            failures.append(
                PullFailure(external_id=external_id, reason="order has neither id nor url", raw=summary)
            )
            return
        lines = self.api.lines(pk)
        if lines is None:
            log.info("Oscar order %s was deleted while being pulled", external_id)
            return
        raw = {"order": summary, "lines": lines}
        try:
            order = map_order(summary, lines, self.settings.status_map)
        except ValueError as exc:
            failures.append(PullFailure(external_id=external_id, reason=str(exc), raw=raw))
            return
        orders.append(PulledOrder(order=order, receipt=str(pk), raw=raw))


def _placed(summary: Any) -> datetime | None:
    """When the order was placed; None lets a malformed entry through to be quarantined."""
    try:
        return placed_at(summary.get("date_placed")) if isinstance(summary, Mapping) else None
    except ValueError:
        return None


def _mark(start: datetime, seen: int, complete: bool) -> dict[str, Any]:
    return {"start": start.isoformat(), "done": seen, "complete": complete}
