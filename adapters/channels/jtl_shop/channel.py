"""The JTL-Shop order channel: fetch un-fetched orders page by page, acknowledge them, push statuses.

dbeS is ack-based: ``GetBestellungen_xml`` serves up to 100 orders with ``cAbgeholt='N'`` and
keeps serving them until ``ack_bestellung.xml`` names them. The application saves a page and
acknowledges it before asking for the next one, so each page is exactly one shop call. Orders that
failed to map are not acknowledged (they come back at the next sync, as quarantine retries); when
a call returns only orders already handed out in this pull, the pull ends. An order that failed
several syncs is acknowledged by the sync use case (its failure carries the kBestellung as receipt),
or 100 of them would hold up every later order; ``remap_orders`` retries it from the stored XML.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import tzinfo
from typing import Any

from pydantic import ValidationError

from adapters.channels.jtl_shop import dbes_format as fmt
from adapters.channels.jtl_shop.client import DbesClient, DbesRefusedError
from adapters.channels.jtl_shop.mapping import map_order
from adapters.channels.jtl_shop.order_document import DocumentError, OrderEntry, parse_orders
from adapters.channels.jtl_shop.status_push import ORDERS_HANDLER, order_id_from_receipt, plan_push
from ports.channels import (
    PulledOrder,
    PulledPage,
    PullFailure,
    PullWindow,
    PushOutcome,
    RemapsOrders,
    RetryableChannelError,
    StatusPush,
)
from ports.clock import Clock

FETCH_HANDLER = "GetBestellungen_xml"


class JtlShopChannel(RemapsOrders):
    def __init__(self, client: DbesClient, *, currency: str, shop_zone: tzinfo, clock: Clock) -> None:
        self._client = client
        self._currency = currency
        self._zone = shop_zone
        self._clock = clock

    def pull(self, window: PullWindow, checkpoint: Mapping[str, Any] | None) -> Iterator[PulledPage]:
        del window, checkpoint  # ack-based: the shop knows what is still to fetch
        handed_out: set[str] = set()
        while True:
            files = self._client.fetch(FETCH_HANDLER)
            if files is None:
                return
            data = files.get("data.xml")
            if data is None:
                raise RetryableChannelError(
                    f"JTL-Shop {FETCH_HANDLER}: the zip has no data.xml ({sorted(files)})"
                )
            try:
                entries = parse_orders(fmt.decode_xml(data))
            except DocumentError as exc:
                raise RetryableChannelError(f"JTL-Shop {FETCH_HANDLER}: {exc}") from None
            fresh = [entry for entry in entries if entry.order_id not in handed_out]
            if not fresh:
                return
            handed_out.update(entry.order_id for entry in fresh)
            yield self._page(fresh)

    def remap_orders(self, entries: list[tuple[str, Any]]) -> Iterator[PulledPage]:
        """Quarantined orders that were acknowledged, mapped again from the XML stored with them."""
        parsed: list[OrderEntry] = []
        for external_id, raw in entries:
            found = parse_orders(f"<bestellungen>{raw}</bestellungen>") if isinstance(raw, str) else []
            if len(found) == 1 and found[0].order_id == external_id:
                parsed.append(found[0])
            else:
                parsed.append(OrderEntry(external_id, None, str(raw), "the stored order XML is unreadable"))
        if parsed:
            yield self._page(parsed)

    def _page(self, entries: list[OrderEntry]) -> PulledPage:
        orders: list[PulledOrder] = []
        failures: list[PullFailure] = []
        for entry in entries:
            receipt = entry.order_id if entry.order_id.isdigit() else None
            if entry.element is None:
                failures.append(
                    PullFailure(
                        external_id=entry.order_id, reason=entry.error or "", raw=entry.raw, receipt=receipt
                    )
                )
                continue
            try:
                order = map_order(entry.element, self._currency, self._zone)
            except (ValueError, ValidationError) as exc:  # pydantic's ValidationError is a ValueError too
                failures.append(
                    PullFailure(
                        external_id=entry.order_id, reason=_reason(exc), raw=entry.raw, receipt=receipt
                    )
                )
                continue
            orders.append(PulledOrder(order=order, receipt=entry.order_id))
        return PulledPage(orders=orders, failures=failures)

    def acknowledge(self, receipts: list[str]) -> None:
        order_ids = sorted({int(r) for r in receipts if r and r.strip().isdigit()})
        if order_ids:
            self._client.send(ORDERS_HANDLER, fmt.ack_orders_file(order_ids))

    def push(self, change: StatusPush) -> PushOutcome:
        try:
            plan = plan_push(change, self._clock.now().astimezone(self._zone))
        except ValueError as exc:
            return PushOutcome(delivered=False, detail=str(exc))
        if isinstance(plan, str):  # refused for good: PushRejected, not counted as pushed, not retried
            return PushOutcome(delivered=False, detail=plan)
        try:
            for post in plan:
                self._client.send(post.handler, post.files)
        except DbesRefusedError as exc:
            return PushOutcome(delivered=False, detail=str(exc))
        files = ", ".join(name for post in plan for name in post.files)
        return PushOutcome(
            delivered=True,
            reference=f"kBestellung {order_id_from_receipt(change.receipt, change.external_id)}: {files}",
        )

    def close(self) -> None:
        self._client.close()


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:5])
        return f"invalid order data: {problems}"
    return str(exc)
