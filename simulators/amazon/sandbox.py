"""The static sandbox of the official Orders v2026-01-01 model: canned answers to exact requests.

``sandbox_2026.json`` holds the model's ``x-amzn-api-sandbox`` examples verbatim (request
parameters → response), as amzn/selling-partner-api-models ships them. Like Amazon's static
sandbox, an example answers only when every parameter it lists matches exactly.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from simulators.amazon.queries import split_list

EXAMPLES = Path(__file__).with_name("sandbox_2026.json")


@cache
def examples() -> dict[str, list[dict[str, Any]]]:
    loaded: dict[str, list[dict[str, Any]]] = json.loads(EXAMPLES.read_text(encoding="utf-8"))
    return loaded


def _matches(listed: dict[str, Any], params: dict[str, list[str]]) -> bool:
    for name, spec in listed.items():
        wanted = spec["value"]
        sent = split_list(params.get(name, []))
        if (wanted if isinstance(wanted, list) else [wanted]) != sent:
            return False
    return True


def sandbox_answer(sim: Any, operation: str, params: dict[str, list[str]]) -> tuple[int, Any] | None:
    """(status, body) of the example this request matches, when the simulator plays the sandbox."""
    if not sim.sandbox:
        return None
    for example in examples()[operation]:
        if _matches(example["request"], params):
            return int(example["status"]), example["response"]
    return None


ORDER_BLOCKS = {"buyer": "BUYER", "recipient": "RECIPIENT", "proceeds": "PROCEEDS", "fulfillment": "FULFILLMENT",
                "packages": "PACKAGES", "payment": "PAYMENT", "tax": "TAX", "fulfillmentOrders": "FULFILLMENT_ORDERS"}  # fmt: skip
ITEM_BLOCKS = {"proceeds": "PROCEEDS", "expense": "EXPENSE", "promotion": "PROMOTION", "cancellation": "CANCELLATION",
               "fulfillment": "FULFILLMENT", "tax": "TAX"}  # fmt: skip


def example_orders() -> dict[str, dict[str, Any]]:
    """Every order of the model's 200 examples, by orderId (the last example of an id wins)."""
    found: dict[str, dict[str, Any]] = {}
    for operation in ("searchOrders", "getOrder"):
        for example in examples()[operation]:
            body = example["response"]
            for order in body.get("orders") or ([body["order"]] if "order" in body else []):
                found[order["orderId"]] = order
    return found


def render_raw(order: dict[str, Any], blocks: frozenset[str]) -> dict[str, Any]:
    """An example order with only the blocks asked for, as Amazon's includedData works."""
    shown = {k: v for k, v in order.items() if k not in ORDER_BLOCKS or ORDER_BLOCKS[k] in blocks}
    shown["orderItems"] = [
        {k: v for k, v in item.items() if k not in ITEM_BLOCKS or ITEM_BLOCKS[k] in blocks}
        for item in order.get("orderItems", [])
    ]
    return shown
