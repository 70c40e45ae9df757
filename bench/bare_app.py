"""The API baseline: a bare FastAPI JSON endpoint, served the way ``orderhub serve`` serves orderhub.

A plain ``def`` endpoint (run in the thread pool, as orderhub's must be: the event store has no
asyncio API) returning a small JSON object, on uvicorn with the same options.
``python -m bench.bare_app PORT``.
"""

from __future__ import annotations

import sys
from typing import Any

from fastapi import FastAPI

app = FastAPI(title="bare")


@app.get("/health")
def health() -> dict[str, Any]:
    return {"status": "ok"}


@app.get("/api/v1/orders/{order_id}")
def order(order_id: str) -> dict[str, Any]:
    return {"id": order_id, "number": "ORD-100000", "status": "paid", "total": "19.99"}


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
