"""An open ``amazon`` channel: pulls changed orders and confirms shipments (one instance per sync)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from adapters.channels.amazon.client import AmazonApiError, OrdersClient
from adapters.channels.amazon.pull import OrderPuller
from adapters.channels.amazon.settings import AmazonSettings
from adapters.channels.amazon.shipment import (
    confirmation_body,
    items_to_confirm,
    make_receipt,
    package_reference_id,
    read_receipt,
)
from domain.status import OrderStatus
from ports.channels import ChannelContext, FetchesOrders, PulledPage, PullWindow, PushOutcome, StatusPush

NOT_SENT = {
    OrderStatus.PAID: "not sent: Amazon marks an order paid itself when it authorises the payment",
    OrderStatus.CANCELLED: (
        "not sent to Amazon: its Orders API cannot cancel an order. Cancel it in Seller Central "
        "(Orders > Manage Orders > Cancel order), or Amazon still expects it to be shipped"
    ),
    OrderStatus.OPEN: "not sent: Amazon has no such status",
    OrderStatus.PENDING: "not sent: Amazon has no such status",
}
"""Changes Amazon cannot take: answered as not delivered, so they are never counted as pushed
and the order's events say what to do instead (``PushRejected`` with this reason)."""

PARTIAL_UNKNOWN = (
    "not sent: the change does not say which items are in this parcel; Amazon would mark every item "
    "shipped. Confirm the parcel in Seller Central, or set the order shipped once everything is sent"
)


class AmazonChannel(FetchesOrders):
    def __init__(self, settings: AmazonSettings, context: ChannelContext) -> None:
        self._settings, self._context = settings, context
        self._client = OrdersClient(
            settings, context.clock, context.sleep, context.timeout_seconds, context.limits
        )
        self._puller = OrderPuller(self._client, settings, context.clock)

    def pull(self, window: PullWindow, checkpoint: Mapping[str, Any] | None) -> Iterator[PulledPage]:
        return self._puller.pull(window, checkpoint)

    def fetch_orders(self, external_ids: list[str]) -> Iterator[PulledPage]:
        """Orders by id, whatever their date: how orderhub retries its quarantine."""
        return self._puller.refetch(external_ids)

    def acknowledge(self, receipts: list[str]) -> None:
        """Amazon is pulled by time; nothing to acknowledge."""

    def push(self, change: StatusPush) -> PushOutcome:
        if change.status in NOT_SENT:
            return PushOutcome(delivered=False, detail=NOT_SENT[change.status])
        if change.tracking is None:
            return PushOutcome(
                delivered=False, detail="not sent: Amazon confirms a shipment only with a tracking number"
            )
        receipt = read_receipt(change.receipt)
        try:
            if receipt is None:  # imported before receipts existed: ask Amazon for the item ids
                return self._confirm(change, self._fresh_receipt(change.external_id), retry=False)
            return self._confirm(change, receipt, retry=True)
        except AmazonApiError as exc:  # e.g. 404: Amazon does not know the order (any more)
            return PushOutcome(delivered=False, detail=f"Amazon refused the shipment confirmation: {exc}")

    def _fresh_receipt(self, external_id: str) -> dict[str, Any]:
        receipt = read_receipt(make_receipt(self._client.get_order(external_id)))
        assert receipt is not None
        return receipt

    def _confirm(self, change: StatusPush, receipt: dict[str, Any], retry: bool) -> PushOutcome:
        assert change.tracking is not None
        if receipt.get("fulfilment") == "AFN":
            return PushOutcome(
                delivered=False, detail="not sent: Amazon fulfils this order (AFN) and ships it"
            )
        whole = change.status is OrderStatus.SHIPPED
        order_items = items_to_confirm(receipt, change.lines, whole_order=whole)
        if not order_items:
            why = "every item is already shipped" if whole else "no pushed line matches an unshipped item"
            return PushOutcome(delivered=False, detail=f"not sent: Amazon reports {why}")
        if not whole and order_items == items_to_confirm(receipt, [], whole_order=True):
            # A partial shipment naming every open item would tell the buyer everything shipped.
            return PushOutcome(delivered=False, detail=PARTIAL_UNKNOWN)
        marketplace = receipt.get("marketplace") or self._settings.marketplace_ids[0]
        body = confirmation_body(
            str(marketplace), change.push_id, change.tracking, self._context.clock.now(), order_items
        )
        try:
            self._client.confirm_shipment(change.external_id, body)
        except AmazonApiError as exc:
            if not (retry and exc.status == 400):
                raise
            # The receipt is from the last import; items may have shipped since. Ask once.
            fresh = self._fresh_receipt(change.external_id)
            if items_to_confirm(fresh, change.lines, whole_order=whole) == order_items:
                raise
            return self._confirm(change, fresh | {"marketplace": marketplace}, retry=False)
        return PushOutcome(delivered=True, reference=package_reference_id(change.push_id))

    def close(self) -> None:
        self._client.close()
