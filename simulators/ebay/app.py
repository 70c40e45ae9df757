"""A local eBay (OAuth token endpoint + Sell Fulfillment v1 order calls) speaking the real wire format.

``create_app(market)`` serves an ``EbayMarketplace`` (see simulator_state.py for its Python API);
run it with ``simulators.server.BackgroundServer`` and point an ``ebay`` channel at
it with ``market.channel_settings(server.url)``. Powers ``orderhub demo`` and the integration tests.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from typing import Any
from urllib.parse import parse_qsl

import anyio.to_thread
import orjson
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response

from simulators import hostile
from simulators.ebay.errors import ApiError, invalid_token, system_error, too_many_requests
from simulators.ebay.faults import BAD_BYTE_MARK
from simulators.ebay.notifications import MODES
from simulators.ebay.query import parse_query
from simulators.ebay.state import EbayMarketplace
from simulators.ebay.views import order_view

ORDER_PATH = "/sell/fulfillment/v1/order"
PUBLIC_KEY_PATH = "/commerce/notification/v1/public_key"
EMPTY_PAGE = b'{"total": 0, "orders": []}'
log = logging.getLogger(__name__)


def _json(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type="application/json", headers=headers)


def _error(error: ApiError) -> Response:
    return _json(error.body(), error.status)


async def _fault(market: EbayMarketplace, target: str) -> Response | None:
    with market.lock:
        fault = market.faults.take(target)
    if fault is None:
        return None
    if fault.kind == "timeout":
        await asyncio.sleep(fault.seconds)
        return None
    if fault.kind in hostile.JSON_KINDS:
        return hostile.json_answer(fault.kind, EMPTY_PAGE, size=fault.size, seconds=fault.seconds)
    if fault.kind == "html":
        return HTMLResponse("<html><body><h1>eBay</h1><p>Wartungsarbeiten.</p></body></html>")
    if fault.kind == "garbage":
        return Response(b'{"orders": [{"orderId": "12-', media_type="application/json")
    if fault.kind == "503":
        return HTMLResponse("<html><body>503 Service Temporarily Unavailable</body></html>", status_code=503)
    return _error({"429": too_many_requests, "500": system_error, "401": invalid_token}[fault.kind]())


def create_app(market: EbayMarketplace | None = None) -> FastAPI:
    market = market or EbayMarketplace()
    app = FastAPI(title="eBay simulator (orderhub)", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.market = market

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return _error(exc)

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        log.exception("eBay simulator failed on %s", request.url.path)
        return _error(system_error())

    async def api_call(request: Request, write: bool = False) -> Response | None:
        """Log, spoil (injected faults, daily budget) and authenticate one Fulfillment API call."""
        now = market.clock.now()
        with market.lock:
            market.calls.append(f"{request.method} {request.url.path}?{request.url.query}".rstrip("?"))
            over = market.faults.over_budget(now.date())
        faulted = await _fault(market, "write" if write else "api")
        if faulted is not None:
            return faulted
        if over:
            return _error(too_many_requests())
        with market.lock:
            market.auth.check_bearer(request.headers.get("authorization"), market.clock.now(), write)
        return None

    @app.post("/identity/v1/oauth2/token")
    async def token(request: Request) -> Response:
        with market.lock:
            market.calls.append("POST /identity/v1/oauth2/token")
        faulted = await _fault(market, "token")
        if faulted is not None:
            return faulted
        form = dict(parse_qsl((await request.body()).decode("utf-8", "replace")))
        with market.lock:
            status, body = market.auth.token(request.headers.get("authorization"), form, market.clock.now())
        return _json(body, status, headers={"Cache-Control": "no-store"})

    @app.get(ORDER_PATH)
    async def get_orders(request: Request) -> Response:
        if (early := await api_call(request)) is not None:
            return early
        now = market.clock.now()
        query = parse_query(request.url.query, request.query_params, now, market.strict_encoding)
        found, total = market.search(query)
        with market.lock:
            orders = [
                order_view(o.payload, o.created, now, in_list=True, tax_breakdown=query.tax_breakdown)
                for o in found
            ]
        body: dict[str, Any] = {"href": str(request.url), "total": total, "orders": orders}
        if query.order_ids is None:
            body.update(limit=query.limit, offset=query.offset)
            if query.offset + query.limit < total:
                body["next"] = str(request.url.include_query_params(offset=query.offset + query.limit))
            if query.offset > 0:
                body["prev"] = str(
                    request.url.include_query_params(offset=max(0, query.offset - query.limit))
                )
        payload = orjson.dumps(body).replace(BAD_BYTE_MARK.encode(), hostile.BAD_BYTE)
        with market.lock:
            market.page_served()
        return Response(payload, media_type="application/json")

    @app.get(ORDER_PATH + "/{order_id}")
    async def get_order(order_id: str, request: Request) -> Response:
        if (early := await api_call(request)) is not None:
            return early
        with market.lock:
            stored = market.orders.get(order_id)
            if stored is None:
                return _error(ApiError(404, 32100, "Invalid order ID", parameter=("orderId", order_id)))
            view = order_view(
                stored.payload, stored.created, market.clock.now(), in_list=False, tax_breakdown=True
            )
        return _json(view)

    @app.post(ORDER_PATH + "/{order_id}/shipping_fulfillment")
    async def create_fulfillment(order_id: str, request: Request) -> Response:
        if (early := await api_call(request, write=True)) is not None:
            return early
        try:
            body = orjson.loads(await request.body())
        except orjson.JSONDecodeError:
            body = None
        fulfillment_id = market.create_fulfillment(order_id, body)
        location = (
            f"{request.base_url}".rstrip("/")
            + f"{ORDER_PATH}/{order_id}/shipping_fulfillment/{fulfillment_id}"
        )
        return _json({}, 201, headers={"Location": location})

    @app.get(ORDER_PATH + "/{order_id}/shipping_fulfillment")
    async def get_fulfillments(order_id: str, request: Request) -> Response:
        if (early := await api_call(request)) is not None:
            return early
        with market.lock:
            if order_id not in market.orders:
                return _error(ApiError(404, 32100, "Invalid order ID", parameter=("orderId", order_id)))
            fulfillments = list(market.fulfillments.get(order_id, []))
        return _json({"fulfillments": fulfillments, "total": len(fulfillments)})

    @app.get(ORDER_PATH + "/{order_id}/shipping_fulfillment/{fulfillment_id}")
    async def get_fulfillment(order_id: str, fulfillment_id: str, request: Request) -> Response:
        if (early := await api_call(request)) is not None:
            return early
        with market.lock:
            for fulfillment in market.fulfillments.get(order_id, []):
                if fulfillment["fulfillmentId"] == fulfillment_id:
                    return _json(fulfillment)
        return _error(
            ApiError(
                404, 32110, "Invalid shipping fulfillment ID", parameter=("fulfillmentId", fulfillment_id)
            )
        )

    @app.get(PUBLIC_KEY_PATH + "/{public_key_id}")
    async def get_public_key(public_key_id: str, request: Request) -> Response:
        """getPublicKey: the key notifications are signed with, for an application token."""
        with market.lock:
            market.calls.append(f"GET {PUBLIC_KEY_PATH}/{public_key_id}")
            market.notifications.key_requests.append(public_key_id)
        faulted = await _fault(market, "notification")
        if faulted is not None:
            return faulted
        with market.lock:
            market.auth.check_application(request.headers.get("authorization"), market.clock.now())
        if public_key_id != market.notifications.key_id:
            # [inf] the error id is not from a spec; the status is what eBay's SDK treats as unknown
            return _error(ApiError(404, 195001, "Public key not found", domain="API_NOTIFICATION"))
        return _json(market.notifications.public_key())

    @app.post("/_sim/account-deletion/endpoint")
    async def subscribe(request: Request) -> Response:
        """Simulator only: save the deletion endpoint as in eBay's developer portal (challenged)."""
        body = _object(await request.body())
        endpoint, token = body.get("endpoint"), body.get("verification_token")
        if not isinstance(endpoint, str) or not isinstance(token, str):
            return _json({"detail": "give endpoint and verification_token"}, 400)
        verified = await anyio.to_thread.run_sync(market.subscribe_account_deletion, endpoint, token)
        return _json({"endpoint": endpoint, "verified": verified}, 200 if verified else 409)

    @app.post("/_sim/account-deletion")
    async def delete_account(request: Request) -> Response:
        """Simulator only: the eBay user ``username`` closed their account; eBay notifies the
        subscribed endpoint (or ``endpoint``), signed as ``mode`` says (notifications.MODES)."""
        body = _object(await request.body())
        username, mode = body.get("username"), body.get("mode", "signed")
        if not isinstance(username, str) or not username:
            return _json({"detail": "give the username of an eBay buyer"}, 400)
        if mode not in MODES:
            return _json({"detail": f"mode must be one of {', '.join(MODES)}"}, 400)
        endpoint = body.get("endpoint") or market.notifications.endpoint
        if not isinstance(endpoint, str):
            return _json(
                {"detail": "no endpoint: save one (POST /_sim/account-deletion/endpoint) or give one"}, 409
            )
        delivery = await anyio.to_thread.run_sync(
            lambda: market.delete_account(
                username, endpoint=endpoint, mode=mode, notification_id=body.get("notification_id")
            )
        )
        return _json(dataclasses.asdict(delivery))

    return app


def _object(raw: bytes) -> dict[str, Any]:
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return {}
    return body if isinstance(body, dict) else {}
