"""The eBay order channel: pulls changed orders by ``lastModifiedDate`` and reports shipments."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from adapters.channels.channel_http import channel_http_client
from adapters.channels.ebay import paging
from adapters.channels.ebay.client import EbayFulfillmentApi, EbayRequestError
from adapters.channels.ebay.mapping import EbayMappingError, map_order
from adapters.channels.ebay.oauth import TOKEN_CACHE, EbayTokens, TokenCache
from adapters.channels.ebay.receipt import parse_receipt, receipt_for, receipt_from_order
from adapters.channels.ebay.settings import EbaySettings
from adapters.channels.ebay.shipment import fulfillment_body, not_sent, same_shipment
from adapters.channels.ebay.timestamps import ebay_time
from adapters.channels.raw_payloads import (
    bad_bytes_reason,
    is_stand_in,
    stand_in_id,
    storable,
    undecodable_text,
)
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

DATES_IN_FUTURE = 30850
BY_ID_BATCH = 50  # eBay's limit for orderIds


class EbayChannel(FetchesOrders):
    def __init__(
        self, settings: EbaySettings, context: ChannelContext, cache: TokenCache = TOKEN_CACHE
    ) -> None:
        self._context = context
        self._http = channel_http_client(context.limits, context.timeout_seconds)
        tokens = EbayTokens(
            self._http,
            token_url=settings.token_url,
            client_id=settings.client_id,
            client_secret=settings.client_secret.get_secret_value(),
            refresh_token=settings.refresh_token.get_secret_value(),
            clock=context.clock,
            sleep=context.sleep,
            cache=cache,
        )
        self._api = EbayFulfillmentApi(self._http, settings.api_base_url, tokens, context.sleep)
        self._open_end = False

    def pull(self, window: PullWindow, checkpoint: Mapping[str, Any] | None) -> Iterator[PulledPage]:
        for segment in paging.plan(ebay_time(window.start), ebay_time(window.end), checkpoint):
            for orders in paging.scan(segment, self._fetch):
                yield _page(orders, segment.checkpoint())

    def _fetch(self, segment: paging.Segment, offset: int) -> dict[str, Any]:
        end = "" if self._open_end else segment.end
        try:
            return self._api.get_orders(
                f"lastmodifieddate:[{segment.start}..{end}]", offset=offset, limit=paging.LIMIT
            )
        except EbayRequestError as exc:
            if DATES_IN_FUTURE not in exc.error_ids or self._open_end:
                raise
        # eBay's clock is behind ours, so our window end is its future: leave the end open. Orders
        # changed after the window end are then delivered now and again by the next sync (harmless).
        self._open_end = True
        return self._fetch(segment, offset)

    def fetch_orders(self, external_ids: list[str]) -> Iterator[PulledPage]:
        """Orders by id, whatever their dates: how orderhub retries the orders in quarantine."""
        known = [i for i in external_ids if not is_stand_in(i)]  # ids eBay never gave cannot be asked for
        for start in range(0, len(known), BY_ID_BATCH):
            yield _page(self._api.get_orders_by_id(known[start : start + BY_ID_BATCH]), None)

    def acknowledge(self, receipts: list[str]) -> None:
        """eBay is pulled by time; there is nothing to acknowledge."""

    def push(self, change: StatusPush) -> PushOutcome:
        skipped = not_sent(change)
        if skipped is not None:
            return skipped
        receipt = parse_receipt(change.receipt)
        if receipt is None or receipt.order_id != change.external_id:
            order = self._api.get_order(change.external_id)
            receipt = receipt_from_order(order) if order else None
            if receipt is None:
                return PushOutcome(
                    delivered=False, detail=f"eBay has no order {change.external_id} with line items"
                )
        body = fulfillment_body(change, receipt, self._context.clock.now())
        if isinstance(body, PushOutcome):
            return body
        # createShippingFulfillment is not idempotent: a push repeated after a lost answer must not
        # create a second fulfillment, so look first.
        for existing in self._api.get_fulfillments(change.external_id):
            if same_shipment(existing, body):
                return PushOutcome(
                    delivered=True, reference=existing.get("fulfillmentId"), detail="already at eBay"
                )
        answer = self._api.create_fulfillment(change.external_id, body)
        if answer.created:
            return PushOutcome(delivered=True, reference=answer.fulfillment_id)
        return PushOutcome(delivered=False, detail=answer.refusal)

    def close(self) -> None:
        self._http.close()


def _page(orders: list[Any], checkpoint: dict[str, Any] | None) -> PulledPage:
    pulled: list[PulledOrder] = []
    failures: list[PullFailure] = []
    for raw in orders:
        order_id = paging.order_id(raw)
        if order_id is None or undecodable_text(order_id) is not None:
            order_id = stand_in_id(raw)
        if (where := undecodable_text(raw)) is not None:
            failures.append(
                PullFailure(external_id=order_id, reason=bad_bytes_reason(where), raw=storable(raw))
            )
            continue
        try:
            pulled.append(PulledOrder(order=map_order(raw), receipt=receipt_for(raw)))
        except EbayMappingError as exc:
            failures.append(PullFailure(external_id=order_id, reason=str(exc), raw=raw))
    return PulledPage(orders=pulled, failures=failures, checkpoint=checkpoint)
