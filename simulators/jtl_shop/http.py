"""The simulated shop's HTTP side: ``/dbeS/<Name>`` (and ``/dbeS/index.php?id=<Name>``) plus "Mein Konto".

Form fields arrive url-encoded or as multipart (the Wawi's ``data`` file); they are parsed with
the standard library so the simulator needs no multipart package.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from adapters.channels.jtl_shop import dbes_format as fmt
from simulators.jtl_shop.export import orders_document, payments_document
from simulators.jtl_shop.state import STATUS_TEXT, ShopState
from simulators.jtl_shop.sync import apply_delivery_notes, apply_order_files

WAWI_AGENT = re.compile(r"JTL-Wawi/(\d+(\.\d+)+)")
FETCH_LIMIT = 100


def parse_form(content_type: str, body: bytes) -> tuple[dict[str, str], dict[str, bytes]]:
    if content_type.startswith("multipart/form-data"):
        message = BytesParser(policy=HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
        )
        fields: dict[str, str] = {}
        files: dict[str, bytes] = {}
        for part in message.iter_parts():  # type: ignore[attr-defined]
            name = part.get_param("name", header="content-disposition")
            decoded = part.get_payload(decode=True)
            payload = decoded if isinstance(decoded, bytes) else b""
            if part.get_filename():
                files[str(name)] = payload
            else:
                fields[str(name)] = payload.decode("utf-8", errors="replace")
        return fields, files
    parsed = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    return {k: v[0] for k, v in parsed.items()}, {}


def _text(value: str) -> Response:
    return Response(value, media_type="text/plain; charset=utf-8")


def _encode(xml: str, wawi: bool) -> bytes:
    # Without a Wawi user agent the shop converts its output to ISO-8859-1 (Starter/AbstractPush).
    return xml.encode() if wawi else xml.replace("\0", " ").encode("latin-1", errors="replace")


def _zip(state: ShopState, xml: str, wawi: bool) -> Response:
    archive = fmt.make_zip({"data.xml": _encode(xml, wawi)})
    if state.corrupt_zips > 0:
        state.corrupt_zips -= 1
        archive = archive[: len(archive) // 2]
    return Response(archive, media_type="application/octet-stream")


def _unzip(files: dict[str, bytes]) -> dict[str, ET.Element] | None:
    try:
        contents = fmt.read_zip(files.get("data", b""))
        return {name: ET.fromstring(data) for name, data in contents.items() if name.endswith(".xml")}
    except (fmt.CorruptZipError, ET.ParseError):
        return None


def handle(
    state: ShopState, handler: str, fields: dict[str, str], files: dict[str, bytes], wawi: bool
) -> Response:
    with state.lock:
        for i, canned in enumerate(state.canned):
            if canned.handler in (None, handler):
                state.canned.pop(i)
                if canned.make is not None:
                    return canned.make()  # type: ignore[no-any-return]
                return Response(canned.body, status_code=canned.status, media_type=canned.content_type)
        user = fields.get("userID", fields.get("uID"))
        password = fields.get("userPWD", fields.get("uPWD"))
        if (user, password) != (state.username, state.password):
            return _text(fmt.NOT_AUTHORISED)
        state.requests.append((handler, {"files": sorted(files), "wawi": wawi}))
        if handler == "GetBestellungen_xml":
            pending = sorted((o for o in state.orders.values() if not o.fetched), key=lambda o: o.order_id)
            return _zip(state, orders_document(pending[:FETCH_LIMIT]), wawi) if pending else _text(fmt.OK)
        if handler == "GetZahlungen_xml":
            payments = sorted(
                (p for p in state.payments.values() if not p.fetched), key=lambda p: p.payment_id
            )
            return _zip(state, payments_document(payments), wawi) if payments else _text(fmt.OK)
        if handler in ("Bestellungen_xml", "Lieferschein_xml"):
            documents = _unzip(files)
            if documents is None:
                return _text(fmt.ZIP_CORRUPT)
            state.requests[-1][1]["documents"] = {
                n: ET.tostring(e, encoding="unicode") for n, e in documents.items()
            }
            if handler == "Lieferschein_xml":
                apply_delivery_notes(state, documents)
            elif state.lost_acks > 0 and any("ack_bestellung" in name for name in documents):
                state.lost_acks -= 1  # the fault: answered OK, never applied
            else:
                apply_order_files(state, documents)
            return _text(fmt.OK)
        if handler == "lastjobs":
            return _text(fmt.OK)
        return _text("")  # unknown handler: the shop dies silently


def customer_view(state: ShopState, number: str) -> dict[str, Any] | None:
    """What the shopper sees under Mein Konto → Bestellungen."""
    with state.lock:
        order = state.order_by_number(number)
        if order is None:
            return None
        return {
            "cBestellNr": order.number,
            "status": order.status,
            "status_text": STATUS_TEXT.get(order.status, "?"),
            "total": str(order.gross_total),
            "paid_on": order.paid_date,
            "shipped_on": order.shipped_date,
            "carrier": order.carrier,
            "tracking_code": order.tracking_code,
            "tracking_url": order.tracking_url,
            "delivery_notes": [
                {
                    "number": note.number,
                    "parcels": [
                        {
                            "carrier": p.carrier,
                            "ident_code": p.ident_code,
                            "url": p.url.replace("#IdentCode#", p.ident_code),
                        }
                        for p in note.parcels
                    ],
                }
                for note in order.notes
            ],
        }


def create_app(state: ShopState) -> FastAPI:
    app = FastAPI(title="JTL-Shop simulator (dbeS)", openapi_url=None, docs_url=None, redoc_url=None)

    async def dispatch(request: Request, handler: str) -> Response:
        fields, files = parse_form(request.headers.get("content-type", ""), await request.body())
        wawi = WAWI_AGENT.search(request.headers.get("user-agent", "")) is not None
        return handle(state, handler.removesuffix(".php"), fields, files, wawi)

    @app.post("/dbeS/index.php")
    async def index(request: Request) -> Response:
        fields, _ = parse_form(request.headers.get("content-type", ""), await request.body())
        return await dispatch(request, request.query_params.get("id") or fields.get("id", ""))

    @app.post("/dbeS/{name}")
    async def named(request: Request, name: str) -> Response:
        return await dispatch(request, name)

    @app.get("/shop/account/orders/{number}")
    def account_order(number: str) -> Response:
        view = customer_view(state, number)
        if view is None:
            return JSONResponse({"error": f"no order {number}"}, status_code=404)
        return JSONResponse(view)

    return app
