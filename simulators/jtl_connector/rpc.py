"""The simulator's JSON-RPC layer: packet validation, sessions, method routing and the envelope.

``answer(shop, packet, jtlauth)`` returns the response envelope for one form-POSTed packet,
following connector-core: HTTP 200 always, ``{jtlrpc, id, result, error, warnings}``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from adapters.channels.jtl_connector import protocol as p
from simulators.jtl_connector.methods import HANDLERS, RpcError
from simulators.jtl_connector.state import ConnectorShop

_METHOD = re.compile(r"^(core\.)?[A-Za-z_]{3,}\.[A-Za-z_]{3,}$")
_ALIASES = {
    "connector.identify": "core.connector.identify",
    "connector.finish": "core.connector.finish",
    "core.linker.clear": "core.connector.clear",
    "CustomerOrder.statistic": "customer_order.statistic",
}
_CONTROLLERS = {
    "category", "cross_selling", "customer", "customer_order", "delivery_note", "global_data", "image",
    "manufacturer", "payment", "product", "product_price", "product_stock_level", "specific", "status_change",
}  # fmt: skip


def envelope(request_id: Any, result: Any = None, error: RpcError | None = None, warnings: Any = ()) -> dict:
    fault = None
    if error is not None:
        data = f"{type(error).__name__} (Code: {error.code}) in /var/www/html/vendor/jtl/connector-core/{error.where}"
        fault = {"code": error.code, "message": error.message, "data": data}
    return {
        "jtlrpc": p.RPC_VERSION,
        "id": request_id,
        "result": result,
        "error": fault,
        "warnings": list(warnings),
    }


def parse_packet(text: str | None) -> dict[str, Any]:
    if text is None:
        raise RpcError(p.INVALID_REQUEST, "Invalid request: the form field jtlrpc is missing")
    try:
        packet = json.loads(text)
    except ValueError:
        raise RpcError(p.PARSE_ERROR, "Parse error: jtlrpc is not JSON") from None
    if not isinstance(packet, dict):
        raise RpcError(p.INVALID_REQUEST, "Invalid request: the packet is not an object")
    if str(packet.get("jtlrpc")) != p.RPC_VERSION:
        raise RpcError(p.INVALID_REQUEST, "Invalid request: jtlrpc must be 2.0")
    if not isinstance(packet.get("method"), str) or not _METHOD.match(packet["method"]):
        raise RpcError(p.INVALID_REQUEST, "Invalid request: method must look like [core.]controller.action")
    if packet.get("id") in (None, "") or isinstance(packet.get("id"), bool | dict | list):
        raise RpcError(p.INVALID_REQUEST, "Invalid request: id must be a non-empty string")
    return packet


def answer(shop: ConnectorShop, packet: dict[str, Any], jtlauth: str | None) -> dict[str, Any]:
    method = _ALIASES.get(packet["method"], packet["method"])
    warnings: list[str] = []
    with shop.lock:
        shop.calls.append(method)
        try:
            fault = shop.take_fault(method, ("error",))
            if fault is not None:
                raise RpcError(fault.code, fault.message, "Controller/InjectedFault.php:13")
            if method != "core.connector.auth":
                if not jtlauth:
                    raise RpcError(p.NO_SESSION, "No session")
                if not shop.touch_session(jtlauth):
                    raise RpcError(p.INVALID_SESSION, "Invalid session")
            result = _handler(method)(shop, packet.get("params"), warnings, jtlauth)
        except RpcError as error:
            return envelope(packet["id"], error=error, warnings=warnings)
    return envelope(packet["id"], result=result, warnings=warnings)


Handler = Callable[[ConnectorShop, Any, list[str], str | None], Any]


def _handler(method: str) -> Handler:
    """Implemented methods; other actions of known controllers answer like an empty shop."""
    if method in HANDLERS:
        return HANDLERS[method]
    controller, _, action = method.removeprefix("core.").partition(".")
    if method.startswith("core.") and controller == "connector":
        raise RpcError(p.UNKNOWN_ACTION, f"Unknown action {action}")
    if method.startswith("core.") or controller not in _CONTROLLERS:
        raise RpcError(p.UNKNOWN_CONTROLLER, f"Unknown controller {controller}")
    if action == "statistic":
        return lambda *_: {"available": 0, "controllerName": _pascal(controller)}
    if action == "pull":
        return lambda *_: []
    if action in ("push", "delete"):
        return lambda shop, params, *_: params
    raise RpcError(p.UNKNOWN_ACTION, f"Unknown action {action}")


def _pascal(snake: str) -> str:
    return "".join(part.capitalize() for part in snake.split("_"))
