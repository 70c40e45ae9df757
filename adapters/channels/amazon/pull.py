"""Pulling changed orders: LastUpdatedAfter windows, NextToken paging, items per order, resumable.

A checkpoint (stored by orderhub after each page) names the window, the NextToken of the page
still to do and the orders of that page already done, so a sync stopped by the rate-limit budget
resumes with nothing lost or duplicated. After finishing a checkpointed window the pull goes on
from its end (minus the overlap) to now − 2 minutes, Amazon's newest allowed ``LastUpdatedBefore``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from adapters.channels.amazon.client import AmazonApiError, OrdersV0Client
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
PAGE_SIZE = "100"
REFETCH_LIMIT = 25  # quarantined orders retried per sync: each costs two rate-limited calls


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _parse(value: Any) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else None


class OrderPuller:
    def __init__(self, client: OrdersV0Client, settings: AmazonSettings, clock: Any) -> None:
        self._client, self._settings, self._clock = client, settings, clock

    def pull(self, window: PullWindow, checkpoint: Mapping[str, Any] | None) -> Iterator[PulledPage]:
        after = covered_from = window.start
        resumed = _read_checkpoint(checkpoint)
        if resumed is not None:
            c_after, c_before, c_from, token, done, complete = resumed
            if not complete:
                yield from self._window(c_after, c_before, c_from, token, done, final=False)
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
    ) -> Iterator[PulledPage]:
        """One LastUpdated window; its checkpoints also say since when everything up to it is covered."""
        first = {
            "MarketplaceIds": ",".join(self._settings.marketplace_ids),
            "LastUpdatedAfter": iso(after),
            "LastUpdatedBefore": iso(before),
            "MaxResultsPerPage": PAGE_SIZE,
        }

        def mark(token: str | None, done: list[str], complete: bool = False) -> dict[str, Any]:
            return {
                "after": iso(after),
                "before": iso(before),
                "from": iso(covered_from),
                "token": token,
                "done": done,
                "complete": complete,
            }

        restarted = False
        while True:
            params = {"MarketplaceIds": first["MarketplaceIds"], "NextToken": token} if token else first
            try:
                payload = self._client.get_orders(params)
            except AmazonApiError as exc:
                if token and not restarted:  # an expired NextToken: redo the window, dedupe absorbs it
                    token, done, restarted = None, [], True
                    continue
                raise PermanentChannelError(
                    f"Amazon refused getOrders ({exc}); check the channel's api_base_url and marketplace_ids"
                ) from None
            raws = payload.get("Orders")
            if not isinstance(raws, list):
                raise PermanentChannelError("Amazon getOrders answered without an Orders list")
            next_token = payload.get("NextToken") or None
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
                echoed = _parse(payload.get("LastUpdatedBefore")) or before
                yield PulledPage(
                    orders=orders,
                    failures=failures,
                    checkpoint=mark(None, [], complete=True),
                    watermark=echoed if final else None,
                )
                return
            yield PulledPage(orders=orders, failures=failures, checkpoint=mark(str(next_token), []))
            token, done = str(next_token), []

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
        if not isinstance(raw, Mapping) or not isinstance(raw.get("AmazonOrderId"), str):
            failures.append(
                PullFailure(external_id=external_id, reason="order without AmazonOrderId", raw=raw)
            )
            return
        try:
            items = self._client.get_order_items(external_id)
        except AmazonApiError as exc:
            failures.append(PullFailure(external_id=external_id, reason=f"getOrderItems: {exc}", raw=raw))
            return
        try:
            order = map_order(raw, items)
        except ValueError as exc:
            failures.append(
                PullFailure(external_id=external_id, reason=str(exc), raw={"order": raw, "items": items})
            )
            return
        receipt = make_receipt(raw, items)
        orders.append(PulledOrder(order=order, receipt=receipt, raw={"order": raw, "items": items}))


def _external_id(raw: Any) -> str:
    if (
        isinstance(raw, Mapping)
        and isinstance(raw.get("AmazonOrderId"), str)
        and raw["AmazonOrderId"].strip()
    ):
        return str(raw["AmazonOrderId"]).strip()
    return stand_in_id(raw)


def _read_checkpoint(
    checkpoint: Mapping[str, Any] | None,
) -> tuple[datetime, datetime, datetime, str | None, list[str], bool] | None:
    """(after, before, covered since, NextToken, orders of that page done, window complete) or None."""
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
    )
