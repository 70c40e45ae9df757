"""Answers the query port from the projection tables."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

from adapters.persistence.sql_database import IN_CHUNK, SqlDatabase, Tx
from adapters.read_models import order_counts
from adapters.read_models.customer_list import CustomerListProjection
from adapters.read_models.order_list import OrderListProjection
from adapters.read_models.projection import from_utc_text, iso, money
from adapters.read_models.runner import ProjectionRunner
from adapters.read_models.search_index import (
    CUSTOMER_TERMS,
    ORDER_TERMS,
    CustomerSearchProjection,
    OrderSearchProjection,
    matching,
)
from domain.customer import normalise_email
from domain.search_text import normalise_number, query_words
from ports.read_models import CustomerFilter, OrderFilter, Page

SORTS = {"created_at", "updated_at", "number", "total", "status"}
ORDER_ITEM = (
    "o.id, o.number, o.customer_id, o.source_kind, o.channel, o.external_id, o.status, o.currency, "
    "o.total_cents, o.created_at, o.updated_at, o.version, o.external_number, c.number, c.name"
)
FROM_ORDERS = "rm_orders o LEFT JOIN rm_customers c ON c.id = o.customer_id"
EXPORT_BATCH = 1000


def order_conditions(query: OrderFilter) -> tuple[list[str], list[Any]]:
    """The WHERE conditions of an order filter over ``rm_orders o``, and their parameters."""
    where: list[str] = []
    params: list[Any] = []
    for column, value in (
        ("source_kind", query.source),
        ("channel", query.channel),
        ("status", query.status),
        ("external_id", query.external_id),
        ("number", normalise_number(query.number) if query.number is not None else None),
        ("customer_id", str(query.customer_id) if query.customer_id else None),
    ):
        if value is not None:
            where.append(f"o.{column} = ?")
            params.append(value)
    if query.created_from is not None:
        where.append("o.created_at >= ?")
        params.append(iso(query.created_from))
    if query.created_to is not None:
        where.append("o.created_at < ?")
        params.append(iso(query.created_to))
    for word in query_words(query.q):
        own, own_params = matching(ORDER_TERMS, "order_id", word)
        theirs, their_params = matching(CUSTOMER_TERMS, "customer_id", word)
        where.append(f"(o.id IN ({own}) OR o.customer_id IN ({theirs}))")
        params += [*own_params, *their_params]
    return where, params


class SqlOrderQueries:
    def __init__(self, db: SqlDatabase, runner: ProjectionRunner) -> None:
        self._db, self._runner = db, runner

    def catch_up(self) -> None:
        """The order list is what the use cases read (pending pushes); the rest catch up on read."""
        self._runner.catch_up(OrderListProjection.name)

    def _catch_up_for(self, query: OrderFilter) -> None:
        names = [OrderListProjection.name, CustomerListProjection.name]
        if query.q:
            names += [OrderSearchProjection.name, CustomerSearchProjection.name]
        self._runner.catch_up(*names)

    def list_orders(self, query: OrderFilter) -> Page:
        self._catch_up_for(query)
        where, params = order_conditions(query)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        order_by = _order_by(query.sort)
        counted = None
        if not (
            query.external_id
            or query.number
            or query.customer_id
            or query.created_from
            or query.created_to
            or query.q
        ):
            status = str(query.status) if query.status is not None else None
            counted = order_counts.lookup(status, query.channel, query.source)
        with self._db.transaction(write=False) as tx:
            if counted is not None:
                total = order_counts.read(tx, counted)
            else:
                total = int(tx.scalar(f"SELECT COUNT(*) FROM rm_orders o{clause}", params))
            rows = tx.query(
                f"SELECT {ORDER_ITEM} FROM {FROM_ORDERS}{clause} ORDER BY {order_by} LIMIT ? OFFSET ?",
                [*params, query.limit, query.offset],
            )
        return Page(items=[_order_item(r) for r in rows], total=total)

    def export_orders(self, query: OrderFilter) -> Iterator[list[dict[str, Any]]]:
        self._catch_up_for(query)
        where, params = order_conditions(query)
        column, direction = _sort_of(query.sort)
        order_by = _order_by(query.sort)
        after: tuple[Any, Any] | None = None
        while True:  # by keyset, each batch in its own read: no deep offsets, no long snapshot
            conditions, values = list(where), list(params)
            if after is not None:
                conditions.append(f"(o.{column}, o.id) {'<' if direction == 'DESC' else '>'} (?, ?)")
                values += after
            clause = f" WHERE {' AND '.join(conditions)}" if conditions else ""
            with self._db.transaction(write=False) as tx:
                rows = tx.query(
                    f"SELECT {ORDER_ITEM}, o.{column} FROM {FROM_ORDERS}{clause} ORDER BY {order_by} LIMIT ?",
                    [*values, EXPORT_BATCH],
                )
            if rows:
                yield [_order_item(r) for r in rows]
                after = (rows[-1][-1], rows[-1][0])
            if len(rows) < EXPORT_BATCH:
                return

    def list_customers(self, query: CustomerFilter) -> Page:
        names = [CustomerListProjection.name, OrderListProjection.name]
        if query.q:
            names.append(CustomerSearchProjection.name)
        self._runner.catch_up(*names)
        where: list[str] = []
        params: list[Any] = []
        if query.email:
            where.append("email = ?")
            params.append(normalise_email(query.email))
        if query.number:
            where.append("number = ?")
            params.append(normalise_number(query.number))
        for word in query_words(query.q):
            sql, word_params = matching(CUSTOMER_TERMS, "customer_id", word)
            where.append(f"id IN ({sql})")
            params += word_params
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        with self._db.transaction(write=False) as tx:
            total = int(tx.scalar(f"SELECT COUNT(*) FROM rm_customers{clause}", params))
            rows = tx.query(
                f"SELECT id, number, name, email, company, city, created_at FROM rm_customers{clause} "
                "ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                [*params, query.limit, query.offset],
            )
            counts = _order_counts(tx, [r[0] for r in rows])
        keys = ("id", "number", "name", "email", "company", "city")
        items = [
            {
                **dict(zip(keys, r[:6], strict=True)),
                "created_at": from_utc_text(r[6]),
                "orders": counts.get(r[0], 0),
            }
            for r in rows
        ]
        return Page(items=items, total=total)

    def order_id_by_number(self, number: str) -> UUID | None:
        self._runner.catch_up(OrderListProjection.name)
        return self._id_by_number("rm_orders", number)

    def customer_id_by_number(self, number: str) -> UUID | None:
        self._runner.catch_up(CustomerListProjection.name)
        return self._id_by_number("rm_customers", number)

    def _id_by_number(self, table: str, number: str) -> UUID | None:
        with self._db.transaction(write=False) as tx:
            found = tx.scalar(f"SELECT id FROM {table} WHERE number = ?", (normalise_number(number),))
        return UUID(found) if found else None

    def orders_with_pending_pushes(self, channel: str) -> list[UUID]:
        with self._db.transaction(write=False) as tx:
            rows = tx.query(
                "SELECT id FROM rm_orders WHERE channel = ? AND pending_pushes > 0 ORDER BY updated_at",
                (channel,),
            )
        return [UUID(r[0]) for r in rows]


def _sort_of(sort: str) -> tuple[str, str]:
    """(column, direction) of a sort key (``-total``: total_cents, DESC)."""
    column = sort.lstrip("-")
    if column not in SORTS:
        raise ValueError(f"sort: must be one of {sorted(SORTS)}, optionally prefixed with '-'")
    return ("total_cents" if column == "total" else column), ("DESC" if sort.startswith("-") else "ASC")


def _order_by(sort: str) -> str:
    column, direction = _sort_of(sort)
    return f"o.{column} {direction}, o.id {direction}"


def _order_counts(tx: Tx, customer_ids: list[str]) -> dict[str, int]:
    """How many orders each customer has (the customer index of the order list: a page's worth)."""
    counts: dict[str, int] = {}
    for start in range(0, len(customer_ids), IN_CHUNK):
        chunk = customer_ids[start : start + IN_CHUNK]
        marks = ", ".join("?" * len(chunk))
        for customer_id, count in tx.query(
            f"SELECT customer_id, COUNT(*) FROM rm_orders WHERE customer_id IN ({marks}) GROUP BY customer_id",
            chunk,
        ):
            counts[customer_id] = int(count)
    return counts


def _order_item(row: tuple[Any, ...]) -> dict[str, Any]:
    return {
        "id": row[0],
        "number": row[1],
        "customer_id": row[2],
        "customer": {"number": row[13], "name": row[14]},
        "source": {"kind": row[3], "channel": row[4], "external_id": row[5], "external_number": row[12]},
        "status": row[6],
        "currency": row[7],
        "total": money(row[8]),
        "created_at": from_utc_text(row[9]),
        "updated_at": from_utc_text(row[10]),
        "version": row[11],
    }
