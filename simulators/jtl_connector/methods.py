"""The simulated JTL-Connector methods: auth, identify, features, pull, ack, status and delivery pushes.

Each handler gets ``(shop, params, warnings, session)`` and runs under the shop's lock.
"""

from __future__ import annotations

from typing import Any

from adapters.channels.jtl_connector import protocol as p
from simulators.jtl_connector.state import ConnectorShop, StatusChangeRecord

_IDENTITY_TYPES = {"customerOrder", "customer", "deliveryNote", "payment", "product", "category", "image"}
_ORDER_STATUSES = {"new", "cancelled", "partially_shipped", "shipped"}
_PAYMENT_STATUSES = {"unpaid", "partially_paid", "completed"}


class RpcError(Exception):
    def __init__(self, code: int, message: str, where: str = "Application.php") -> None:
        super().__init__(message)
        self.code, self.message, self.where = code, message, where


def _auth(shop: ConnectorShop, params: Any, warnings: list[str], session: str | None) -> Any:
    token = params.get("token") if isinstance(params, dict) else None
    if not isinstance(token, str) or token != shop.token:
        raise RpcError(
            p.AUTHENTICATION_FAILED, "Could not authenticate access to the connector", "TokenValidator.php"
        )
    return {"sessionId": shop.open_session(), "lifetime": int(shop.session_ttl_seconds)}


def _identify(shop: ConnectorShop, *_: Any) -> Any:
    return {
        "endpointVersion": "3.1.0",
        "platformName": "WooCommerce",
        "platformVersion": "9.8.1",
        "protocolVersion": shop.protocol_version,
        "serverInfo": {"memoryLimit": 268435456, "executionTime": 30, "postMaxSize": 8388608,
                       "uploadMaxFilesize": 2097152},
    }  # fmt: skip


def _features(shop: ConnectorShop, *_: Any) -> Any:
    return {"entities": shop.entities, "flags": shop.flags}


def _finish(shop: ConnectorShop, params: Any, warnings: list[str], session: str | None) -> Any:
    shop.sessions.pop(session or "", None)
    return True


def _pull_orders(shop: ConnectorShop, params: Any, *_: Any) -> Any:
    limit = params.get("limit", p.PULL_LIMIT) if isinstance(params, dict) else p.PULL_LIMIT
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
        raise RpcError(p.REQUEST_ERROR, f"Invalid query filter limit {limit!r}", "Model/QueryFilter.php")
    if shop.page_cap is not None:
        limit = min(limit, shop.page_cap)
    return shop.unmapped()[:limit]


def _order_statistic(shop: ConnectorShop, *_: Any) -> Any:
    return {"available": len(shop.unmapped()), "controllerName": "CustomerOrder"}


def _ack(shop: ConnectorShop, params: Any, warnings: list[str], *_: Any) -> Any:
    identities = params.get("identities") if isinstance(params, dict) else None
    if not isinstance(identities, dict):
        raise RpcError(p.REQUEST_ERROR, "Ack without identities", "Controller/ConnectorController.php")
    for model, pairs in identities.items():
        if model not in _IDENTITY_TYPES:
            warnings.append(f"Unknown identity type {model}, skipped")
            continue
        for pair in pairs if isinstance(pairs, list) else []:
            ep, host = p.endpoint_id_of(pair), pair[1] if isinstance(pair, list) and len(pair) == 2 else None
            if ep is None or not isinstance(host, int) or isinstance(host, bool) or host <= 0:
                warnings.append(f"Invalid identity {pair!r} for {model}, skipped")
                continue
            shop.links.setdefault(model, {})[ep] = host
    return True


def _clear(shop: ConnectorShop, params: Any, *_: Any) -> Any:
    identities = params.get("identities") if isinstance(params, dict) else None
    if not isinstance(identities, dict):
        shop.links.clear()
        return True
    for model, pairs in identities.items():
        for pair in pairs if isinstance(pairs, list) else []:
            shop.links.get(model, {}).pop(p.endpoint_id_of(pair) or "", None)
    return True


def _models(params: Any, method: str) -> list[dict[str, Any]]:
    if not isinstance(params, list) or not all(isinstance(m, dict) for m in params):
        raise RpcError(p.REQUEST_ERROR, f"{method} expects an array of models", "Application.php")
    return params


def _status_change_push(shop: ConnectorShop, params: Any, warnings: list[str], *_: Any) -> Any:
    for model in _models(params, "status_change.push"):
        ep = p.endpoint_id_of(model.get("customerOrderId"))
        order = shop.orders.get(ep or "")
        if order is None:
            warnings.append(f"StatusChange: customer order {ep!r} not found, ignored")
            continue
        order_status, payment_status = model.get("orderStatus") or "", model.get("paymentStatus") or ""
        if order_status in _ORDER_STATUSES:
            order["status"] = order_status
        if payment_status in _PAYMENT_STATUSES:
            order["paymentStatus"] = payment_status
        shop.status_changes.append(
            StatusChangeRecord(order["id"][0], order_status, payment_status, shop.clock.now())
        )
    return params


def _host_of(value: Any) -> int:
    if isinstance(value, list) and len(value) == 2 and type(value[1]) is int:
        return max(value[1], 0)
    return 0


def _delivery_note_push(shop: ConnectorShop, params: Any, warnings: list[str], *_: Any) -> Any:
    linked = shop.links.setdefault("deliveryNote", {})
    for model in _models(params, "delivery_note.push"):
        ep = p.endpoint_id_of(model.get("customerOrderId"))
        if ep not in shop.orders:
            warnings.append(f"DeliveryNote: customer order {ep!r} not found, ignored")
            continue
        host = _host_of(model.get("id"))
        # connector-core links by hostId: a note pushed again with the same hostId updates, never duplicates
        known = p.endpoint_id_of(model.get("id")) or next(
            (e for e, h in linked.items() if host and h == host), None
        )
        note_id = known or f"dn_{len(shop.delivery_notes) + 1}"
        if host:
            linked[note_id] = host
        model["id"] = [note_id, host]
        shop.delivery_notes[note_id] = dict(model)
    return params


def _payment(shop: ConnectorShop, order: dict[str, Any]) -> dict[str, Any]:
    ep = order["id"][0]
    return {
        "id": [f"pay_{ep}", 0],
        "customerOrderId": [ep, shop.links.get("customerOrder", {}).get(ep, 0)],
        "creationDate": order["creationDate"],
        "paymentModuleCode": order["paymentModuleCode"],
        "totalSum": order["totalSumGross"],
        "transactionId": f"TX{ep}",
        "billingInfo": "",
    }


def _payment_pull(shop: ConnectorShop, params: Any, *_: Any) -> Any:
    """One Payment per paid order that has no payment link yet (WooCommerce sends payments separately)."""
    limit = params.get("limit", p.PULL_LIMIT) if isinstance(params, dict) else p.PULL_LIMIT
    linked = shop.links.get("payment", {})
    paid = [
        o for ep, o in shop.orders.items() if o["paymentStatus"] == "completed" and f"pay_{ep}" not in linked
    ]
    return [_payment(shop, o) for o in paid][: limit if isinstance(limit, int) else p.PULL_LIMIT]


HANDLERS: dict[str, Any] = {
    "core.connector.auth": _auth,
    "core.connector.identify": _identify,
    "core.connector.features": _features,
    "core.connector.init": lambda *a: True,
    "core.connector.finish": _finish,
    "core.connector.ack": _ack,
    "core.connector.clear": _clear,
    "customer_order.pull": _pull_orders,
    "customer_order.statistic": _order_statistic,
    "status_change.push": _status_change_push,
    "delivery_note.push": _delivery_note_push,
    "payment.pull": _payment_pull,
}
