"""Deliver status changes made here to the channels that own the orders (the outbox).

A change is queued by the ``StatusChanged`` event itself (its ``push_id``), so it is recorded in
the same transaction as the change. Delivery is at-least-once; ``StatusPushed`` confirms it and a
confirmed change is never sent again. docs/adr/004-outbox.md explains the choice.
"""

from __future__ import annotations

import logging
from uuid import UUID

from application.aggregate_store import AggregateStore
from application.unit_of_work import Decision, retrying
from domain.order import Order
from ports.channels import OrderChannel, StatusPush
from ports.clock import Clock
from ports.read_models import ReadModelQueries

log = logging.getLogger(__name__)


class Outbox:
    def __init__(self, book: AggregateStore, queries: ReadModelQueries, clock: Clock) -> None:
        self._book, self._queries, self._clock = book, queries, clock

    def deliver(self, channel: str, remote: OrderChannel) -> int:
        """Push every pending change of ``channel``; returns how many the channel confirmed."""
        self._queries.catch_up()
        delivered = 0
        for order_id in self._queries.orders_with_pending_pushes(channel):
            order = self._book.get(order_id)
            if not isinstance(order, Order):
                continue
            for pending in sorted(order.pending_pushes.values(), key=lambda p: p.queued_at):
                change = StatusPush(
                    push_id=pending.push_id,
                    order_id=str(order.id),
                    external_id=order.external_id or "",
                    status=pending.status,
                    tracking=pending.tracking,
                    reason=pending.reason,
                    lines=list(pending.parcel or order.lines),
                    receipt=order.receipt,
                    paid_at=order.paid_at,
                )
                outcome = remote.push(change)  # RetryableChannelError stops the loop: next sync retries
                delivered += self._record(
                    order.id, pending.push_id, outcome.delivered, outcome.reference, outcome.detail
                )
        return delivered

    def _record(
        self, order_id: UUID, push_id: str, accepted: bool, reference: str | None, detail: str | None
    ) -> int:
        def decide() -> Decision[int]:  # again after a collision: on what a sync or a person changed
            order = self._book.get(order_id)
            assert isinstance(order, Order)
            now = self._clock.now()
            if accepted:
                changed = order.confirm_push(push_id, reference or detail, now)
            else:
                order.reject_push(push_id, detail or "refused by the channel", now)
                changed = False
            return (1 if changed else 0), [order]

        return retrying(self._book, f"order {order_id} (confirming push {push_id})", decide)
