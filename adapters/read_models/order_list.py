"""The order list: one row per order, with the columns the list filters and sorts by."""

from __future__ import annotations

from typing import Any

from eventsourcing.utils import get_topic

from adapters.persistence.sql_database import Tx
from adapters.read_models.projection import iso
from domain.order import Order
from domain.status import OrderStatus, overall

COLUMNS = (
    "id, number, customer_id, source_kind, channel, external_id, local_status, channel_status, status, "
    "currency, total, created_at, updated_at, version, pending_pushes"
)


class OrderListProjection:
    name = "order_list"
    topics = [
        get_topic(cls)
        for cls in (
            Order.Created,
            Order.ImportedFromChannel,
            Order.StatusSynced,
            Order.StatusChanged,
            Order.StatusPushed,
            Order.PushRejected,
        )
    ]

    def create(self, tx: Tx) -> None:
        tx.execute(
            "CREATE TABLE IF NOT EXISTS rm_orders (id TEXT PRIMARY KEY, number TEXT NOT NULL, "
            "customer_id TEXT NOT NULL, source_kind TEXT NOT NULL, channel TEXT, external_id TEXT, "
            "local_status TEXT, channel_status TEXT, status TEXT NOT NULL, currency TEXT NOT NULL, "
            "total TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, version INTEGER NOT NULL, "
            "pending_pushes INTEGER NOT NULL DEFAULT 0)"
        )
        for column in ("created_at", "status", "customer_id", "source_kind", "number"):
            tx.execute(f"CREATE INDEX IF NOT EXISTS rm_orders_{column} ON rm_orders ({column})")
        tx.execute("CREATE INDEX IF NOT EXISTS rm_orders_channel ON rm_orders (channel, external_id)")
        tx.execute("CREATE INDEX IF NOT EXISTS rm_orders_pending ON rm_orders (channel, pending_pushes)")

    def clear(self, tx: Tx) -> None:
        tx.execute("DELETE FROM rm_orders")

    def apply(self, tx: Tx, event: Any, position: int) -> None:
        order_id, version = str(event.originator_id), event.originator_version
        if isinstance(event, Order.Created | Order.ImportedFromChannel):
            self._insert(tx, event)
            return
        rows = tx.query(
            "SELECT local_status, channel_status, pending_pushes FROM rm_orders WHERE id = ? AND version < ?",
            (order_id, version),
        )
        if not rows:
            return  # already applied (or the order is unknown to this projection)
        local, channel, pending = rows[0][0], rows[0][1], rows[0][2]
        total, currency = None, None
        if isinstance(event, Order.StatusSynced):
            channel, total, currency = event.order.status, str(event.order.total), event.order.currency
        elif isinstance(event, Order.StatusChanged):
            local = event.status
            pending += 1 if event.push_id else 0
        else:  # StatusPushed, PushRejected
            pending = max(0, pending - 1)
        status = overall(OrderStatus(channel) if channel else None, OrderStatus(local) if local else None)
        tx.execute(
            "UPDATE rm_orders SET local_status = ?, channel_status = ?, status = ?, pending_pushes = ?, "
            "total = COALESCE(?, total), currency = COALESCE(?, currency), updated_at = ?, version = ? "
            "WHERE id = ?",
            (local, channel, str(status), pending, total, currency, iso(event.timestamp), version, order_id),
        )

    @staticmethod
    def _insert(tx: Tx, event: Any) -> None:
        if isinstance(event, Order.Created):
            kind, channel, external_id, channel_status = event.source_kind, None, None, None
            total = sum((line.total for line in event.lines), event.shipping_cost)
            currency, placed = event.currency, event.timestamp
        else:
            kind, channel, external_id = event.channel_kind, event.channel, event.order.external_id
            channel_status, total = event.order.status, event.order.total
            currency, placed = event.order.currency, event.order.placed_at
        status = overall(OrderStatus(channel_status) if channel_status else None)
        tx.execute(
            f"INSERT INTO rm_orders ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0) "
            "ON CONFLICT (id) DO NOTHING",
            (
                str(event.originator_id),
                event.number,
                str(event.customer_id),
                kind,
                channel,
                external_id,
                None,
                channel_status,
                str(status),
                currency,
                str(total),
                iso(placed),
                iso(event.timestamp),
                event.originator_version,
            ),
        )
