"""Pulling changed orders with searchOrders: lastUpdatedAfter windows, paginationToken paging, resumable.

A checkpoint (stored by orderhub after each page) names the window, the pagination token of the
page still to do (and when it was issued) and the orders of that page already done, so a sync
stopped by the rate-limit budget resumes with nothing lost or duplicated. Amazon's tokens expire
after 24 hours: an older one is not sent, the window restarts and the import's dedupe absorbs what
is seen twice. After finishing a checkpointed window the pull goes on from its end (minus the
overlap) to now − 2 minutes, Amazon's newest allowed ``lastUpdatedBefore``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from adapters.channels.amazon.client import INCLUDED_DATA, AmazonApiError, OrdersClient
from adapters.channels.amazon.mapping import map_order
from adapters.channels.amazon.settings import AmazonSettings
from adapters.channels.amazon.shipment import make_receipt
from adapters.channels.raw_payloads import stand_in_id
from ports.channels import (
    ChannelError,
    PermanentChannelError,
    PulledOrder,
    PulledPage,
    PullFailure,
    PullWindow,
)

FRESHEST = timedelta(minutes=2)  # Amazon refuses a *Before closer than this to now
REFETCH_LIMIT = 25  # quarantined orders retried per sync: each costs one getOrder call
TOKEN_LIFETIME = timedelta(hours=23)  # Amazon's 24 h, less a margin for the page in flight
API_VERSION = "2026-01-01"


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _parse(value: Any) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else None


class OrderPuller:
    def __init__(self, client: OrdersClient, settings: AmazonSettings, clock: Any) -> None:
        self._client, self._settings, self._clock = client, settings, clock

    def pull(self, window: PullWindow, checkpoint: Mapping[str, Any] | None) -> Iterator[PulledPage]:
        after = covered_from = window.start
        resumed = _read_checkpoint(checkpoint)
        if resumed is not None:
            c_after, c_before, c_from, token, done, complete, issued = resumed
            if token and (issued is None or self._clock.now() - issued > TOKEN_LIFETIME):
                token, done = None, []  # expired (or a v0 NextToken): the window starts over
            if not complete:
                yield from self._window(c_after, c_before, c_from, token, done, final=False, issued=issued)
            if c_from <= window.start:  # the stopped syncs covered our window up to c_before
                after = max(window.start, c_before - timedelta(minutes=self._settings.overlap_minutes))
                covered_from = c_from
        before = min(window.end, self._clock.now() - FRESHEST).replace(microsecond=0)
        if before <= after:
            # Nothing may be asked yet; report only what is covered so the next window reaches back.
            covered = after + timedelta(minutes=self._settings.overlap_minutes)
            yield PulledPage(watermark=min(covered, window.end))
            return
        yield from self._window(after, before, covered_from, None, [], final=True)

    def _window(
        self,
        after: datetime,
        before: datetime,
        covered_from: datetime,
        token: str | None,
        done: list[str],
        final: bool,
        issued: datetime | None = None,
    ) -> Iterator[PulledPage]:
        """One LastUpdated window; its checkpoints also say since when everything up to it is covered."""
        first = {
            "marketplaceIds": ",".join(self._settings.marketplace_ids),
            "lastUpdatedAfter": iso(after),
            "lastUpdatedBefore": iso(before),
            "maxResultsPerPage": str(self._settings.max_results_per_page),
            "includedData": INCLUDED_DATA,
        }

        def mark(token: str | None, done: list[str], complete: bool = False) -> dict[str, Any]:
            return {
                "api": API_VERSION,
                "after": iso(after),
                "before": iso(before),
                "from": iso(covered_from),
                "token": token,
                "issued": iso(issued) if token and issued else None,
                "done": done,
                "complete": complete,
            }

        restarted = False
        while True:
            # Every page repeats the first page's parameters: Amazon requires it.
            params = first | {"paginationToken": token} if token else first
            try:
                payload = self._client.search_orders(params)
            except AmazonApiError as exc:
                if token and not restarted:  # a token Amazon no longer takes: redo the window
                    token, done, restarted = None, [], True
                    continue
                raise PermanentChannelError(
                    f"Amazon refused searchOrders ({exc}); check the channel's api_base_url and marketplace_ids"
                ) from None
            raws = payload["orders"]
            pagination = payload.get("pagination")
            next_token = (pagination.get("nextToken") if isinstance(pagination, Mapping) else None) or None
            orders: list[PulledOrder] = []
            failures: list[PullFailure] = []
            handled = list(done)
            for raw in raws:
                external_id = _external_id(raw)
                if external_id in done:
                    continue
                try:
                    self._one(raw, external_id, orders, failures)
                except ChannelError:
                    if orders or failures:  # keep what is done: the next sync starts after it
                        yield PulledPage(orders=orders, failures=failures, checkpoint=mark(token, handled))
                    raise
                handled.append(external_id)
            if next_token is None:
                echoed = _parse(payload.get("lastUpdatedBefore")) or before
                yield PulledPage(
                    orders=orders,
                    failures=failures,
                    checkpoint=mark(None, [], complete=True),
                    watermark=echoed if final else None,
                )
                return
            token, done, issued = str(next_token), [], self._clock.now()
            yield PulledPage(orders=orders, failures=failures, checkpoint=mark(token, []))

    def refetch(self, external_ids: list[str]) -> Iterator[PulledPage]:
        """Quarantined orders again, by id (best effort: stops quietly when Amazon says wait)."""
        ids = [i for i in external_ids if not i.startswith("unidentified-")][:REFETCH_LIMIT]
        orders: list[PulledOrder] = []
        failures: list[PullFailure] = []
        for external_id in ids:
            try:
                raw = self._client.get_order(external_id)
                self._one(raw, external_id, orders, failures)
            except AmazonApiError as exc:
                failures.append(PullFailure(external_id=external_id, reason=f"getOrder: {exc}"))
            except ChannelError:
                break
        if orders or failures:
            yield PulledPage(orders=orders, failures=failures)

    def _one(
        self, raw: Any, external_id: str, orders: list[PulledOrder], failures: list[PullFailure]
    ) -> None:
        if not isinstance(raw, Mapping) or not isinstance(raw.get("orderId"), str):
            failures.append(PullFailure(external_id=external_id, reason="order without orderId", raw=raw))
            return
        try:
            order = map_order(raw)
        except ValueError as exc:
            failures.append(PullFailure(external_id=external_id, reason=str(exc), raw=raw))
            return
        orders.append(PulledOrder(order=order, receipt=make_receipt(raw), raw=raw))


def _external_id(raw: Any) -> str:
    if isinstance(raw, Mapping) and isinstance(raw.get("orderId"), str) and raw["orderId"].strip():
        return str(raw["orderId"]).strip()
    return stand_in_id(raw)


def _read_checkpoint(
    checkpoint: Mapping[str, Any] | None,
) -> tuple[datetime, datetime, datetime, str | None, list[str], bool, datetime | None] | None:
    """(after, before, covered since, pagination token, orders of that page done, window complete,
    when the token was issued: None for a v0 NextToken) or None."""
    if not checkpoint:
        return None
    after, before = _parse(checkpoint.get("after")), _parse(checkpoint.get("before"))
    if after is None or before is None:
        return None  # not ours (or from an older version): pull the window as given
    token = checkpoint.get("token")
    done = checkpoint.get("done")
    return (
        after,
        before,
        _parse(checkpoint.get("from")) or after,
        token if isinstance(token, str) and token else None,
        [str(d) for d in done] if isinstance(done, list) else [],
        bool(checkpoint.get("complete")),
        _parse(checkpoint.get("issued")) if checkpoint.get("api") == API_VERSION else None,
    )
