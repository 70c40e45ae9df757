"""Customers in the console: the searchable list, a new customer, a customer's page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from domain.access import Scope
from domain.errors import EmailAlreadyClaimedError, OrderStillOpenError
from entrypoints.console.countries import ADDRESS_FORM
from entrypoints.console.customer_form import CustomerForm
from entrypoints.console.i18n import N_, gettext
from entrypoints.console.rendering import render
from entrypoints.console.security import Poster, Viewer, require, services_of
from ports.read_models import CustomerFilter, OrderFilter

router = APIRouter()

PAGE = 25
Reference = Annotated[str, Path(min_length=1, max_length=200)]
ORDERS_SHOWN = 20


@router.get("/customers", name="console_customers")
async def customers(
    request: Request,
    who: Viewer,
    q: Annotated[str, Query(max_length=200)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    found = await run_in_threadpool(_customer_rows, request, q.strip(), page)
    return render(request, "customers.html", q=q, page=page, **found)


@router.get("/customers/new", name="console_new_customer")
def new_customer(request: Request, who: Viewer) -> Response:
    require(who, Scope.CUSTOMERS_WRITE)
    return render(request, "customer_form.html", form=CustomerForm(), owner=None, **ADDRESS_FORM)


@router.post("/customers/new", name="console_create_customer")
async def create_customer(request: Request, who: Poster) -> Response:
    require(who, Scope.CUSTOMERS_WRITE)
    form = CustomerForm.from_form(await request.form())
    command = form.command()
    if command is None:
        return render(request, "customer_form.html", 422, form=form, owner=None, **ADDRESS_FORM)
    try:
        customer = await run_in_threadpool(services_of(request).customers.register, command)
    except EmailAlreadyClaimedError as taken:
        form.errors["email"] = N_("This e-mail belongs to a customer already")
        return render(
            request, "customer_form.html", 409, form=form, owner=str(taken.customer_id), **ADDRESS_FORM
        )
    target = request.app.url_path_for("console_customer", reference=customer.number)
    return RedirectResponse(target, status_code=303)


@router.post("/customers/{reference}/erase", name="console_erase_customer")
async def erase_customer(
    request: Request,
    who: Poster,
    reference: Reference,
    reason: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """Admins only, through the use case of POST /customers/{id}/erasure; an open order refuses it."""
    require(who, Scope.ADMIN)
    services = services_of(request)
    customer_id = await run_in_threadpool(services.order_queries.customer_id, reference)
    if not reason.strip():
        alert = gettext("Give a reason for the erasure (the request it follows, not the person)")
        return await show_customer(request, reference, erase_alert=alert, status_code=422)
    try:
        await run_in_threadpool(services.erasure.erase, customer_id, reason.strip())
    except OrderStillOpenError as refused:
        alert = gettext("Not erased: order %(number)s is still open; ship or cancel it first") % {
            "number": refused.number
        }
        return await show_customer(request, reference, erase_alert=alert, status_code=409)
    target = request.app.url_path_for("console_customer", reference=reference)
    return RedirectResponse(target, status_code=303)


@router.get("/customers/{reference}", name="console_customer")
async def customer_page(
    request: Request,
    who: Viewer,
    reference: Reference,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    """``reference``: the customer's id or number (``CUS-…``, any case)."""
    return await show_customer(request, reference, page)


async def show_customer(
    request: Request, reference: str, page: int = 1, erase_alert: str | None = None, status_code: int = 200
) -> Response:
    services = services_of(request)
    customer_id = await run_in_threadpool(services.order_queries.customer_id, reference)
    customer = await run_in_threadpool(services.customers.get, customer_id)
    query = OrderFilter(limit=ORDERS_SHOWN, offset=(page - 1) * ORDERS_SHOWN)
    orders = await run_in_threadpool(services.order_queries.orders_of_customer, customer_id, query)
    return render(
        request,
        "customer.html",
        status_code,
        erase_alert=erase_alert,
        customer=customer,
        erased_at=getattr(customer, "erased_at", None),
        orders=orders.items,
        orders_total=orders.total,
        page=page,
        pages=max(1, -(-orders.total // ORDERS_SHOWN)),
    )


def _customer_rows(request: Request, q: str, page: int) -> dict[str, Any]:
    """One page of the customer list: its rows hold the city and the number of orders."""
    query = CustomerFilter(q=q or None, limit=PAGE, offset=(page - 1) * PAGE)
    found = services_of(request).queries.list_customers(query)
    return {"rows": found.items, "total": found.total, "pages": max(1, -(-found.total // PAGE))}
