"""A local Amazon SP-API (Orders v2026-01-01, v0 confirmShipment, Login with Amazon), real wire format.

``create_app(state)`` serves ``POST /auth/o2/token``, searchOrders and getOrder of Orders
v2026-01-01 and v0's confirmShipment from an ``AmazonSimulatorState``; the v0 read operations
Amazon removes on 27 March 2027 answer as they will then. Point a channel's ``api_base_url`` at the
server and its ``token_url`` at ``{url}/auth/o2/token``. With ``state.sandbox`` the model's own
static sandbox examples (``sandbox_2026.json``) answer the requests they list.
"""

from __future__ import annotations

import json
import uuid
from typing import Any
from urllib.parse import parse_qs

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from simulators.amazon.queries import OrdersQuery, SimInputError, included_data
from simulators.amazon.sandbox import render_raw, sandbox_answer
from simulators.amazon.state import AmazonSimulatorState, Fault

ORDERS = "/orders/2026-01-01/orders"
REMOVED = (
    "Orders API v0 {operation} was removed on 27 March 2027. Use Orders API v2026-01-01 "
    "(searchOrders, getOrder)."
)

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
    app = FastAPI(title="Amazon SP-API simulator (Orders v2026-01-01)")
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

    def params_of(request: Request) -> dict[str, list[str]]:
        return {k: request.query_params.getlist(k) for k in request.query_params}

    @app.get(ORDERS)
    def search_orders(request: Request) -> Response:
        guard(request, "searchOrders")
        params = params_of(request)
        canned = sandbox_answer(sim, "searchOrders", params)
        if canned is not None:
            return reply(canned[0], canned[1], "searchOrders")
        try:
            with sim.lock:
                now = sim.clock.now()
                query = OrdersQuery.parse({k: v for k, v in params.items() if k != "paginationToken"}, now)
                token = request.query_params.get("paginationToken")
                cursor = query.follow(token, now) if token else None
                body = query.page(sim.orders.values(), cursor, sim.personal_data, now)
                if "pagination" not in body:  # the last page: the loaded example orders, if any
                    body["orders"] += [render_raw(raw, query.blocks) for raw in sim.raw_orders.values()
                                       if query.matches_raw(raw)]  # fmt: skip
        except SimInputError as exc:
            return error(exc.status, "searchOrders", str(exc), exc.code)
        return reply(200, body, "searchOrders")

    @app.get(ORDERS + "/{order_id}")
    def get_order(order_id: str, request: Request) -> Response:
        guard(request, "getOrder")
        params = params_of(request) | {"orderId": [order_id]}
        canned = sandbox_answer(sim, "getOrder", params)
        if canned is not None:
            return reply(canned[0], canned[1], "getOrder")
        try:
            blocks = included_data(params)
        except SimInputError as exc:
            return error(exc.status, "getOrder", str(exc), exc.code)
        with sim.lock:
            order = sim.orders.get(order_id)
            if order is None and order_id in sim.raw_orders:
                return reply(200, {"order": render_raw(sim.raw_orders[order_id], blocks)}, "getOrder")
            if order is None:
                return error(404, "getOrder", f"Order {order_id} not found", "NotFound")
            return reply(200, {"order": order.render(blocks, sim.personal_data)}, "getOrder")

    def removed(operation: str) -> Response:
        with sim.lock:
            sim.removed_calls.append(operation)
        return error(404, None, REMOVED.format(operation=operation), "NotFound")

    @app.get("/orders/v0/orders")
    def v0_get_orders() -> Response:
        return removed("getOrders")

    @app.get("/orders/v0/orders/{order_id}")
    def v0_get_order(order_id: str) -> Response:
        return removed("getOrder")

    @app.get("/orders/v0/orders/{order_id}/{resource}")
    def v0_order_resource(order_id: str, resource: str) -> Response:
        names = {
            "orderItems": "getOrderItems",
            "address": "getOrderAddress",
            "buyerInfo": "getOrderBuyerInfo",
        }
        return removed(names.get(resource, resource))

    @app.get("/orders/v0/orders/{order_id}/orderItems/buyerInfo")
    def v0_items_buyer_info(order_id: str) -> Response:
        return removed("getOrderItemsBuyerInfo")

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
