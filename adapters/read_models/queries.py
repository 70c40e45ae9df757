"""Answers the query port from the projection tables."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from adapters.persistence.sql_database import SqlDatabase
from adapters.read_models import order_counts
from adapters.read_models.customer_list import CustomerListProjection
from adapters.read_models.order_list import OrderListProjection
from adapters.read_models.projection import from_utc_text, iso, money
from adapters.read_models.runner import ProjectionRunner
from domain.customer import normalise_email
from ports.read_models import CustomerFilter, OrderFilter, Page

SORTS = {"created_at", "updated_at", "number", "total", "status"}


class SqlOrderQueries:
    def __init__(self, db: SqlDatabase, runner: ProjectionRunner) -> None:
        self._db, self._runner = db, runner

    def catch_up(self) -> None:
        """The order list is what the use cases read (pending pushes); the rest catch up on read."""
        self._runner.catch_up(OrderListProjection.name)

    def list_orders(self, query: OrderFilter) -> Page:
        self._runner.catch_up(OrderListProjection.name)
        where, params = [], []
        for column, value in (
            ("source_kind", query.source),
            ("channel", query.channel),
            ("status", query.status),
            ("external_id", query.external_id),
            ("number", query.number),
            ("customer_id", str(query.customer_id) if query.customer_id else None),
        ):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if query.created_from is not None:
            where.append("created_at >= ?")
            params.append(iso(query.created_from))
        if query.created_to is not None:
            where.append("created_at < ?")
            params.append(iso(query.created_to))
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        column = query.sort.lstrip("-")
        if column not in SORTS:
            raise ValueError(f"sort: must be one of {sorted(SORTS)}, optionally prefixed with '-'")
        direction = "DESC" if query.sort.startswith("-") else "ASC"
        order_by = "total_cents" if column == "total" else column
        counted = None
        if not (
            query.external_id or query.number or query.customer_id or query.created_from or query.created_to
        ):
            status = str(query.status) if query.status is not None else None
            counted = order_counts.lookup(status, query.channel, query.source)
        with self._db.transaction(write=False) as tx:
            if counted is not None:
                total = order_counts.read(tx, counted)
            else:
                total = int(tx.scalar(f"SELECT COUNT(*) FROM rm_orders{clause}", params))
            rows = tx.query(
                "SELECT id, number, customer_id, source_kind, channel, external_id, status, currency, total_cents, "
                f"created_at, updated_at, version FROM rm_orders{clause} ORDER BY {order_by} {direction}, id {direction} "
                "LIMIT ? OFFSET ?",
                [*params, query.limit, query.offset],
            )
        return Page(items=[_order_item(r) for r in rows], total=total)

    def list_customers(self, query: CustomerFilter) -> Page:
        self._runner.catch_up(CustomerListProjection.name)
        where, params = [], []
        if query.email:
            where.append("email = ?")
            params.append(normalise_email(query.email))
        if query.q:
            where.append("search LIKE ?")
            params.append("%" + query.q.strip().lower().replace("%", "").replace("_", "") + "%")
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        with self._db.transaction(write=False) as tx:
            total = int(tx.scalar(f"SELECT COUNT(*) FROM rm_customers{clause}", params))
            rows = tx.query(
                f"SELECT id, number, name, email, company, created_at FROM rm_customers{clause} "
                "ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                [*params, query.limit, query.offset],
            )
        keys = ("id", "number", "name", "email", "company")
        items = [{**dict(zip(keys, r[:5], strict=True)), "created_at": from_utc_text(r[5])} for r in rows]
        return Page(items=items, total=total)

    def orders_with_pending_pushes(self, channel: str) -> list[UUID]:
        with self._db.transaction(write=False) as tx:
            rows = tx.query(
                "SELECT id FROM rm_orders WHERE channel = ? AND pending_pushes > 0 ORDER BY updated_at",
                (channel,),
            )
        return [UUID(r[0]) for r in rows]


def _order_item(row: tuple[Any, ...]) -> dict[str, Any]:
    return {
        "id": row[0],
        "number": row[1],
        "customer_id": row[2],
        "source": {"kind": row[3], "channel": row[4], "external_id": row[5]},
        "status": row[6],
        "currency": row[7],
        "total": money(row[8]),
        "created_at": from_utc_text(row[9]),
        "updated_at": from_utc_text(row[10]),
        "version": row[11],
    }
