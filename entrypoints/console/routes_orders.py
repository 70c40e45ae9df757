"""Orders: the list with its filters in the URL (``/console/orders``), one order's page with its
actions and history (``/console/orders/{reference}``: an id or a number)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode
from uuid import UUID

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from application.commands import AddNote, ChangeOrderStatus
from application.console_sessions import SignedIn
from application.errors import InvalidQueryError
from domain.access import Scope
from domain.address import Address
from domain.errors import DomainError, IllegalStatusChangeError, NotFoundError, OrderChangeRefusedError
from domain.order import Order
from domain.order_line import Tracking
from domain.status import OrderStatus
from entrypoints.console import order_words
from entrypoints.console.formatting import STATUS_WORDS
from entrypoints.console.i18n import N_, gettext
from entrypoints.console.rendering import render
from entrypoints.console.routes_order_form import NOTICE_COOKIE, placed_notice
from entrypoints.console.security import Poster, Viewer, forget_cookie, require, services_of
from ports.read_models import OrderFilter, Page

router = APIRouter()

PAGE_SIZE = 50
CHANNEL_SOURCE = "channel:"
"""A channel in the Source select: ``channel:<name>`` (the other sources are the two kinds placed here)."""
PLACED_HERE_SOURCES = [("immediate", N_("Immediate order")), ("customer", N_("Customer order"))]
DONE = {
    "note": N_("The note is added."),
    "address": N_("The shipping address is corrected."),
    "paid": N_("Marked as paid."),
    "shipped": N_("Marked as shipped."),
    "cancelled": N_("The order is cancelled."),
    "existing-customer": N_(
        "Order placed. The e-mail belongs to a customer already, so the order went to that customer."
    ),
}
Text = Annotated[str, Query(max_length=200)]


PERIOD_FIELDS = {"created_from": "from", "created_to": "to"}
"""The query services name the bounds as the API does; the page's fields are From and To."""


def order_filter(
    request: Request, q: str, status: str, source: str, first: str, last: str, offset: str
) -> tuple[OrderFilter | None, dict[str, str]]:
    """The filter the page's fields describe, or None and what is wrong with them (by field)."""
    problems: dict[str, str] = {}
    fields: dict[str, Any] = {"limit": PAGE_SIZE, "q": q.strip() or None}
    if status:
        if status in STATUS_WORDS:
            fields["status"] = status
        else:
            problems["status"] = gettext("Choose a status from the list.")
    if source.startswith(CHANNEL_SOURCE):
        fields["channel"] = source.removeprefix(CHANNEL_SOURCE)
    elif source in dict(PLACED_HERE_SOURCES):
        fields["source"] = source
    elif source:
        problems["source"] = gettext("Choose a source from the list.")
    try:  # dates are whole days of the merchant, exactly as the API reads them
        fields["created_from"], fields["created_to"] = services_of(request).order_queries.period(first, last)
    except InvalidQueryError as wrong:
        field = PERIOD_FIELDS.get(wrong.field, "from")
        problems[field] = (
            gettext("The end date is before the start date.")
            if field == "to" and first.strip() and _is_date(last) and _is_date(first)
            else gettext("Enter a date as YYYY-MM-DD, e.g. 2026-12-03.")
        )
    fields["offset"] = int(offset) if offset.isdigit() and int(offset) <= 10_000_000 else 0
    return (None if problems else OrderFilter(**fields)), problems


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text.strip())
    except ValueError:
        return False
    return True


def customer_names(items: list[dict[str, Any]]) -> dict[str, str]:
    """The customers' names for a page of orders, as the order list has them."""
    return {item["customer_id"]: (item.get("customer") or {}).get("name") or "" for item in items}


def source_options(request: Request) -> list[tuple[str, str, bool]]:
    """(value, label, translate the label) for the Source select: the kinds placed here, each channel."""
    channels = sorted(channel.name for channel in services_of(request).channels.list())
    return [(value, label, True) for value, label in PLACED_HERE_SOURCES] + [
        (f"{CHANNEL_SOURCE}{name}", name, False) for name in channels
    ]


def page_link(request: Request, offset: int) -> str:
    kept = {k: v for k, v in request.query_params.items() if k != "offset" and v}
    if offset:
        kept["offset"] = str(offset)
    return request.url.path + (f"?{urlencode(kept)}" if kept else "")


@router.get("/orders", name="console_orders", response_class=HTMLResponse)
def orders_page(
    request: Request,
    who: Viewer,
    q: Text = "",
    status: Text = "",
    source: Text = "",
    first: Annotated[str, Query(alias="from", max_length=40)] = "",
    last: Annotated[str, Query(alias="to", max_length=40)] = "",
    offset: Text = "",
) -> HTMLResponse:
    query, problems = order_filter(request, q, status, source, first, last, offset)
    page = services_of(request).order_queries.orders(query) if query is not None else Page(items=[], total=0)
    at = query.offset if query is not None else 0
    return render(
        request,
        "orders.html",
        400 if problems else 200,
        filters={"q": q, "status": status, "source": source, "from": first, "to": last},
        problems=problems,
        status_options=[(value, STATUS_WORDS[value]) for value in OrderStatus],
        source_options=source_options(request),
        page=page,
        names=customer_names(page.items),
        source_words=order_words.SOURCE_WORDS,
        first_shown=at + 1 if page.items else 0,
        last_shown=at + len(page.items),
        previous_link=page_link(request, max(at - PAGE_SIZE, 0)) if at > 0 else None,
        next_link=page_link(request, at + PAGE_SIZE) if at + PAGE_SIZE < page.total else None,
    )


def find_order(request: Request, reference: str) -> Order | None:
    """The order an id or a number (``ORD-1042``, any case) names; None when there is none."""
    try:
        return services_of(request).order_queries.order(reference[:200])
    except NotFoundError:
        return None


def order_page(
    request: Request,
    order: Order,
    status_code: int = 200,
    refusal: str | None = None,
    typed: dict[str, str] | None = None,
    done: str | None = None,
    opened: str = "",
) -> HTMLResponse:
    """``opened``: the action whose fields are shown (its button asked for them, or they hold what
    was typed for a change the rules refused)."""
    services = services_of(request)
    events = services.order_queries.history(order.id)
    customer = None
    with contextlib.suppress(NotFoundError):
        customer = services.customers.get(order.customer_id)
    return render(
        request,
        "order.html",
        status_code,
        order=order,
        customer=customer,
        possible=order_words.Possible.for_status(order.status),
        history=order_words.history(events),
        channel_state=order_words.channel_state(order, events),
        source_words=order_words.SOURCE_WORDS,
        refusal=refusal,
        typed=typed or {},
        done=DONE.get(done or ""),
        address_fields=ADDRESS_LABELS,
        actor_words=order_words.actor_words,
        opened=opened if opened in OPENED_BY_BUTTON else "",
    )


OPENED_BY_BUTTON = frozenset({"shipped", "cancelled"})
"""The actions that ask for fields first: their button opens them (CONSOLE.md "Order")."""


def not_found(request: Request, reference: str) -> HTMLResponse:
    return render(request, "not_found.html", 404, what=gettext("order"), reference=reference)


@router.get("/orders/{reference}", name="console_order", response_class=HTMLResponse)
def order_detail(
    request: Request,
    reference: str,
    who: Viewer,
    done: Text = "",
    opened: Annotated[str, Query(alias="open", max_length=200)] = "",
) -> HTMLResponse:
    order = find_order(request, reference)
    if order is None:
        return not_found(request, reference)
    notice = placed_notice(request, order)  # the order form's: placed for the e-mail's owner
    page = order_page(request, order, done=notice or done, opened=opened)
    if notice is not None:
        forget_cookie(request, page, NOTICE_COOKIE)
    return page


def _refusal(error: Exception) -> str:
    if isinstance(error, IllegalStatusChangeError):
        return str(error).rsplit(": ", 1)[-1]
    if isinstance(error, OrderChangeRefusedError):
        return error.why
    if isinstance(error, ValidationError):
        if error.title == Tracking.__name__:
            return gettext("enter both the carrier and the tracking number (at most 100 characters each)")
        return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
    return str(error)


def change(
    request: Request,
    who: SignedIn,
    reference: str,
    command: Callable[[UUID], object],
    name: str,
    typed: dict[str, str],
) -> Response:
    """One change through the use case the API uses (``command(order_id)`` calls it); a refusal
    re-shows the page with why, and what was typed."""
    require(who, Scope.ORDERS_WRITE)
    order = find_order(request, reference)
    if order is None:
        return not_found(request, reference)
    try:
        command(order.id)
    except (DomainError, ValidationError) as refused:
        current = services_of(request).order_queries.order(order.id)
        return order_page(request, current, 409, refusal=_refusal(refused), typed=typed, opened=name)
    target = request.app.url_path_for("console_order", reference=order.number)
    return RedirectResponse(f"{target}?done={name}", status_code=303)


@router.post("/orders/{reference}/paid", name="console_order_paid")
def mark_paid(request: Request, reference: str, who: Poster) -> Response:
    def command(order_id: UUID) -> object:
        return services_of(request).ordering.change_status(
            order_id, ChangeOrderStatus(status=OrderStatus.PAID)
        )

    return change(request, who, reference, command, "paid", {})


@router.post("/orders/{reference}/shipped", name="console_order_shipped")
def mark_shipped(
    request: Request,
    reference: str,
    who: Poster,
    carrier: Annotated[str, Form()] = "",
    tracking_number: Annotated[str, Form()] = "",
) -> Response:
    def command(order_id: UUID) -> object:
        tracking = (
            Tracking(carrier=carrier, number=tracking_number)
            if carrier.strip() or tracking_number.strip()
            else None
        )
        shipped = ChangeOrderStatus(status=OrderStatus.SHIPPED, tracking=tracking)
        return services_of(request).ordering.change_status(order_id, shipped)

    typed = {"carrier": carrier, "tracking_number": tracking_number}
    return change(request, who, reference, command, "shipped", typed)


@router.post("/orders/{reference}/cancelled", name="console_order_cancelled")
def cancel(request: Request, reference: str, who: Poster, reason: Annotated[str, Form()] = "") -> Response:
    def command(order_id: UUID) -> object:
        cancelled = ChangeOrderStatus(status=OrderStatus.CANCELLED, reason=reason)
        return services_of(request).ordering.change_status(order_id, cancelled)

    return change(request, who, reference, command, "cancelled", {"reason": reason})


@router.post("/orders/{reference}/notes", name="console_order_note")
def add_note(request: Request, reference: str, who: Poster, note: Annotated[str, Form()] = "") -> Response:
    def command(order_id: UUID) -> object:
        return services_of(request).ordering.add_note(order_id, AddNote(text=note))

    return change(request, who, reference, command, "note", {"note": note})


ADDRESS_LABELS = [
    ("name", N_("Name")),
    ("company", N_("Company")),
    ("street", N_("Street")),
    ("street2", N_("Address line 2")),
    ("postal_code", N_("Postal code")),
    ("city", N_("City")),
    ("country_code", N_("Country")),
    ("phone", N_("Phone")),
]
ADDRESS_FIELDS = [field for field, _ in ADDRESS_LABELS]


@router.post("/orders/{reference}/shipping-address", name="console_order_address")
async def correct_address(request: Request, reference: str, who: Poster) -> Response:
    form = await request.form()
    typed = {field: str(form.get(field, "")) for field in ADDRESS_FIELDS}

    def command(order_id: UUID) -> object:
        address = Address(**{field: value for field, value in typed.items() if value.strip()})
        return services_of(request).ordering.correct_shipping_address(order_id, address)

    return await run_in_threadpool(change, request, who, reference, command, "address", typed)
