"""A local Amazon SP-API (Orders v0 + Login with Amazon) speaking the real wire format.

``create_app(state)`` serves ``POST /auth/o2/token`` and the Orders v0 operations an intake needs
(getOrders, getOrder, getOrderItems, confirmShipment) from an ``AmazonSimulatorState``; point a
channel's ``api_base_url`` at the server and its ``token_url`` at ``{url}/auth/o2/token``.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from typing import Any
from urllib.parse import parse_qs

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from simulators.amazon.queries import OrdersQuery, SimInputError
from simulators.amazon.state import AmazonSimulatorState, Fault

ERRORS = {
    400: ("InvalidInput", "Invalid Input"),
    403: ("Unauthorized", "Access to requested resource is denied."),
    404: ("NotFound", "The requested resource was not found."),
    429: ("QuotaExceeded", "You exceeded your quota for the requested resource."),
    500: ("InternalFailure", "We encountered an internal error. Please try again."),
    503: ("ServiceUnavailable", "Service temporarily unavailable. Please try again."),
}


class _Refusal(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


def create_app(state: AmazonSimulatorState | None = None) -> FastAPI:
    sim = state or AmazonSimulatorState()
    app = FastAPI(title="Amazon SP-API simulator (Orders v0)")
    app.state.amazon = sim

    def reply(status: int, body: Any, operation: str | None) -> Response:
        headers = {"x-amzn-RequestId": str(uuid.uuid4())}
        if operation and status in (200, 400, 404):
            headers["x-amzn-RateLimit-Limit"] = f"{sim.rate(operation):g}"
        if status == 204:
            return Response(status_code=204, headers=headers)
        return JSONResponse(body, status_code=status, headers=headers)

    def error(
        status: int, operation: str | None, message: str | None = None, code: str | None = None
    ) -> Response:
        default_code, default_message = ERRORS.get(status, ("Error", "Error"))
        entry = {"code": code or default_code, "message": message or default_message, "details": ""}
        return reply(status, {"errors": [entry]}, operation)

    def fault_response(fault: Fault, operation: str) -> Response:
        if isinstance(fault.body, str):
            return Response(fault.body, status_code=fault.status, media_type="text/html")
        if fault.body is not None:
            return reply(fault.status, fault.body, operation)
        return error(fault.status, operation)

    def guard(request: Request, operation: str, missing_status: int = 403) -> None:
        """Auth, injected faults and the operation's token bucket, in Amazon's order."""
        token = request.headers.get("x-amz-access-token")
        if not token:
            raise _Refusal(
                error(missing_status, None, "Access to requested resource is denied.", "Unauthorized")
            )
        if not sim.token_valid(token):
            raise _Refusal(error(403, None, "The access token you provided has expired.", "Unauthorized"))
        fault = sim.next_fault(operation)
        if fault is not None:
            raise _Refusal(fault_response(fault, operation))
        if not sim.take_token(operation):
            raise _Refusal(error(429, None))
        with sim.lock:
            sim.requests.append(
                (operation, {k: request.query_params.getlist(k) for k in request.query_params})
            )

    @app.exception_handler(_Refusal)
    def _refused(request: Request, exc: _Refusal) -> Response:
        return exc.response

    @app.post("/auth/o2/token")
    async def token(request: Request) -> Response:
        raw = await request.body()
        try:
            if "json" in request.headers.get("content-type", ""):
                data = {k: str(v) for k, v in json.loads(raw or b"{}").items()}
            else:
                data = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
        except (ValueError, AttributeError):
            data = {}
        fault = sim.next_fault("token")
        if fault is not None:
            return fault_response(fault, "token")
        if data.get("grant_type") != "refresh_token":
            return JSONResponse({"error": "unsupported_grant_type", "error_description": "grant_type"}, 400)
        if data.get("client_id") != sim.client_id or data.get("client_secret") != sim.client_secret:
            desc = "Client authentication failed"
            return JSONResponse({"error": "invalid_client", "error_description": desc}, 401)
        if data.get("refresh_token") != sim.refresh_token:
            desc = "The request has an invalid grant parameter : refresh_token"
            return JSONResponse({"error": "invalid_grant", "error_description": desc}, 400)
        access, lifetime = sim.issue_token()
        refresh = sim.refresh_token
        body = {
            "access_token": access,
            "token_type": "bearer",
            "expires_in": lifetime,
            "refresh_token": refresh,
        }
        return JSONResponse(body)

    @app.get("/orders/v0/orders")
    def get_orders(request: Request) -> Response:
        guard(request, "getOrders")
        params = {k: request.query_params.getlist(k) for k in request.query_params}
        try:
            with sim.lock:
                next_token = request.query_params.get("NextToken")
                if next_token:
                    query, cursor = OrdersQuery.from_token(next_token)
                    payload = query.page(sim.orders.values(), cursor, sim.rdt)
                else:
                    query = OrdersQuery.parse(params, sim.clock.now())
                    payload = query.page(sim.orders.values(), None, sim.rdt)
        except SimInputError as exc:
            return error(exc.status, "getOrders", str(exc), exc.code)
        return reply(200, {"payload": payload}, "getOrders")

    @app.get("/orders/v0/orders/{order_id}")
    def get_order(order_id: str, request: Request) -> Response:
        guard(request, "getOrder")
        with sim.lock:
            order = sim.orders.get(order_id)
            if order is None:
                return error(404, "getOrder", f"Order {order_id} not found")
            return reply(200, {"payload": order.render(sim.rdt)}, "getOrder")

    @app.get("/orders/v0/orders/{order_id}/orderItems")
    def get_order_items(order_id: str, request: Request) -> Response:
        guard(request, "getOrderItems")
        with sim.lock:
            order = sim.orders.get(order_id)
            if order is None:
                return error(404, "getOrderItems", f"Order {order_id} not found")
            items = order.render_items()
        token = request.query_params.get("NextToken")
        try:
            start = _item_offset(token, order_id) if token else 0
        except ValueError:
            return error(400, "getOrderItems", "Invalid NextToken")
        size = max(1, sim.items_page_size)
        payload: dict[str, Any] = {"AmazonOrderId": order_id, "OrderItems": items[start : start + size]}
        if start + size < len(items):
            payload["NextToken"] = base64.urlsafe_b64encode(f"{order_id}|{start + size}".encode()).decode()
        return reply(200, {"payload": payload}, "getOrderItems")

    @app.post("/orders/v0/orders/{order_id}/shipmentConfirmation")
    async def confirm_shipment(order_id: str, request: Request) -> Response:
        guard(request, "confirmShipment", missing_status=401)
        try:
            body = json.loads(await request.body() or b"null")
        except ValueError:
            return error(400, "confirmShipment", "The request body is not valid JSON")
        try:
            sim.confirm_shipment(order_id, body)
        except SimInputError as exc:
            return error(exc.status, "confirmShipment", str(exc), exc.code)
        return reply(204, None, "confirmShipment")

    return app


def _item_offset(token: str, order_id: str) -> int:
    """The opaque items NextToken: base64 of ``order|offset``."""
    try:
        owner, _, offset = base64.urlsafe_b64decode(token.encode()).decode().rpartition("|")
    except (binascii.Error, UnicodeDecodeError):
        raise ValueError(token) from None
    if owner != order_id:
        raise ValueError(token)
    return int(offset)
