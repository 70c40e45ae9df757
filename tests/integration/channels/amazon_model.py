"""The official SP-API Orders models (in /work/shared or ../shared beside the clone), as validators."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator

ROOT = Path(__file__).resolve().parents[3]
PLACES = (ROOT / "../shared/reference/specs", Path("/work/shared/reference/specs"))
MODEL_2026 = "amazon-sp-api-orders-2026-01-01.json"
MODEL_V0 = "amazon-sp-api-orders-v0.json"


def model_path(name: str) -> Path:
    for place in PLACES:
        if (place / name).exists():
            return place / name
    pytest.skip(f"official SP-API model {name} not found in {' or '.join(map(str, PLACES))}")


def _strict(node: Any) -> Any:
    """The model with additionalProperties=false wherever it lists properties: catches misspelt fields."""
    if isinstance(node, dict):
        copied = {k: _strict(v) for k, v in node.items()}
        if "properties" in copied and "additionalProperties" not in copied:
            copied["additionalProperties"] = False
        return copied
    if isinstance(node, list):
        return [_strict(v) for v in node]
    return node


@cache
def _definitions(name: str) -> dict[str, Any]:
    return _strict(json.loads(model_path(name).read_text())["definitions"])  # type: ignore[no-any-return]


def validator(name: str) -> Callable[[Any, str], None]:
    """``check(body, "SearchOrdersResponse")`` fails with every violation of the model."""
    definitions = _definitions(name)

    def check(body: Any, definition: str) -> None:
        schema = {"$ref": f"#/definitions/{definition}", "definitions": copy.deepcopy(definitions)}
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in Draft4Validator(schema).iter_errors(body)]
        assert errors == [], errors

    return check


def sandbox_examples() -> dict[str, list[dict[str, Any]]]:
    """The model's own ``x-amzn-api-sandbox`` static examples, per operation."""
    spec = json.loads(model_path(MODEL_2026).read_text())
    found: dict[str, list[dict[str, Any]]] = {}
    for operation in ("searchOrders", "getOrder"):
        path = "/orders/2026-01-01/orders" + ("/{orderId}" if operation == "getOrder" else "")
        responses = spec["paths"][path]["get"]["responses"]
        found[operation] = [
            {"status": int(code), "request": e["request"]["parameters"], "response": e["response"]}
            for code, response in responses.items()
            for e in response.get("x-amzn-api-sandbox", {}).get("static", [])
        ]
    return found
