"""The API baselines: bare FastAPI endpoints, served the way ``orderhub serve`` serves orderhub.

Plain ``def`` endpoints (run in the thread pool, as orderhub's must be: the event store has no
asyncio API) on uvicorn with the same options. ``GET /api/v1/orders/{id}`` returns a small JSON
object; ``POST /api/v1/orders`` parses and validates the benchmark's order body with pydantic
models of its own and writes it as one row into SQLite (WAL, ``synchronous=NORMAL``, one connection
per thread: orderhub's settings), which is as little as taking in an order can cost.
``python -m bench.bare_app PORT SQLITE_PATH``.
"""

from __future__ import annotations

import sqlite3
import sys
import threading
import uuid
from decimal import Decimal
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, Field

app = FastAPI(title="bare")
_local = threading.local()
DATABASE = {"path": ":memory:"}


class Address(BaseModel):
    name: str = Field(min_length=1)
    street: str = Field(min_length=1)
    postal_code: str = Field(min_length=1)
    city: str = Field(min_length=1)
    country_code: str = Field(min_length=2, max_length=2)


class Buyer(BaseModel):
    name: str = Field(min_length=1)
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+$")
    billing_address: Address


class Line(BaseModel):
    sku: str = Field(min_length=1)
    title: str
    quantity: int = Field(gt=0)
    unit_price: Decimal = Field(ge=0, decimal_places=2)
    tax_rate: Decimal = Field(ge=0)


class NewOrder(BaseModel):
    currency: str = Field(min_length=3, max_length=3)
    shipping_cost: Decimal = Field(ge=0, decimal_places=2)
    lines: list[Line] = Field(min_length=1)
    customer: Buyer


def _connection() -> sqlite3.Connection:
    conn = getattr(_local, "conn", None)
    if conn is None:
        conn = sqlite3.connect(DATABASE["path"], timeout=30, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("CREATE TABLE IF NOT EXISTS orders (id TEXT PRIMARY KEY, body TEXT NOT NULL)")
        _local.conn = conn
    return conn


@app.get("/health")
def health() -> dict[str, Any]:
    return {"status": "ok"}


@app.get("/api/v1/orders/{order_id}")
def order(order_id: str) -> dict[str, Any]:
    return {"id": order_id, "number": "ORD-100000", "status": "paid", "total": "19.99"}


@app.post("/api/v1/orders", status_code=201)
def place_order(body: NewOrder) -> dict[str, Any]:
    order_id = str(uuid.uuid4())
    with _connection() as conn:  # one transaction: BEGIN ... COMMIT
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO orders VALUES (?, ?)", (order_id, body.model_dump_json()))
    return {"id": order_id, "status": "open"}


if __name__ == "__main__":
    import uvicorn

    if len(sys.argv) > 2:
        DATABASE["path"] = sys.argv[2]
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
