"""A fake JTL-Connector endpoint (the shop side) for tests and ``orderhub demo``.

One POST route at any path: the form fields ``jtlrpc`` and ``jtlauth`` (URL-encoded or multipart, or
the query string, as Symfony's ``Request::get`` reads them). State and faults live in a
``ConnectorShop``::

    shop = ConnectorShop(token="secret"); shop.add_generated_orders(250, seed=1)
    with BackgroundServer(create_app(shop)) as server: ...  # channel url = server.url + "/jtlconnector/"
"""

from __future__ import annotations

import asyncio
import json
from email import message_from_bytes
from email.message import Message
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from simulators import hostile
from simulators.jtl_connector.rpc import RpcError, answer, envelope, parse_packet
from simulators.jtl_connector.state import BAD_BYTE_MARK, HOSTILE, ConnectorShop, Fault

__all__ = ["ConnectorShop", "create_app"]

_FATAL = (
    "<html><body><br /><b>Fatal error</b>: Allowed memory size of 134217728 bytes exhausted</body></html>"
)


def _multipart(content_type: str, body: bytes) -> dict[str, str]:
    message = message_from_bytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    fields: dict[str, str] = {}
    for part in message.get_payload() if message.is_multipart() else []:
        if not isinstance(part, Message) or part.get_filename() is not None:
            continue  # the image push's zip file: not simulated
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if isinstance(name, str) and isinstance(payload, bytes):
            fields[name] = payload.decode("utf-8", "replace")
    return fields


async def _fields(request: Request) -> dict[str, str]:
    body = await request.body()
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        fields = _multipart(content_type, body)
    else:
        parsed = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        fields = {k: v[0] for k, v in parsed.items()}
    fields.update({k: v for k, v in request.query_params.items() if k in ("jtlrpc", "jtlauth")})
    return fields


def _hostile(fault: Fault, body: bytes) -> Response:
    if fault.kind in hostile.JSON_KINDS:
        return hostile.json_answer(fault.kind, body, size=fault.size, seconds=fault.seconds)
    return JSONResponse({"status": "ok", "service": "internal-inventory", "secret": "s3cr3t-internal"})


def create_app(shop: ConnectorShop | None = None) -> FastAPI:
    app = FastAPI(title="JTL-Connector endpoint simulator", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.shop = shop or ConnectorShop()

    async def endpoint(request: Request) -> Response:
        state: ConnectorShop = request.app.state.shop  # tests may swap the shop of a running server
        fields = await _fields(request)
        try:
            packet = parse_packet(fields.get("jtlrpc"))
        except RpcError as error:
            return JSONResponse(envelope(None, error=error))
        method = packet["method"]
        fault = state.take_fault(method, ("delay",))
        if fault is not None:
            await asyncio.sleep(fault.seconds)
        fault = state.take_fault(method, ("http", "garbage"))
        if fault is not None and fault.kind == "http":
            return HTMLResponse(f"<html><body>{fault.status}</body></html>", status_code=fault.status)
        if fault is not None:
            return HTMLResponse(_FATAL)
        result = answer(state, packet, fields.get("jtlauth"))
        body = json.dumps(result, ensure_ascii=False, separators=(",", ":")).encode()
        body = body.replace(BAD_BYTE_MARK.encode(), hostile.BAD_BYTE)
        fault = state.take_fault(method, HOSTILE)
        return _hostile(fault, body) if fault is not None else Response(body, media_type="application/json")

    app.add_api_route("/{path:path}", endpoint, methods=["POST"], include_in_schema=False)
    return app
