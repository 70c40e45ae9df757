"""Customers in the console: the searchable list, a new customer, a customer's page."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from domain.access import Scope
from domain.customer import Customer
from domain.errors import CustomerNotFoundError, EmailAlreadyClaimedError
from entrypoints.console.customer_form import CustomerForm
from entrypoints.console.i18n import N_
from entrypoints.console.rendering import render
from entrypoints.console.security import Poster, Viewer, require, services_of
from ports.read_models import CustomerFilter, OrderFilter

router = APIRouter()

PAGE = 25
"""Customers per page: each row also reads its customer (the city) and counts its orders."""
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
    return render(request, "customer_form.html", form=CustomerForm(), owner=None)


@router.post("/customers/new", name="console_create_customer")
async def create_customer(request: Request, who: Poster) -> Response:
    require(who, Scope.CUSTOMERS_WRITE)
    form = CustomerForm.from_form(await request.form())
    command = form.command()
    if command is None:
        return render(request, "customer_form.html", 422, form=form, owner=None)
    try:
        customer = await run_in_threadpool(services_of(request).customers.register, command)
    except EmailAlreadyClaimedError as taken:
        form.errors["email"] = N_("This e-mail belongs to a customer already")
        return render(request, "customer_form.html", 409, form=form, owner=str(taken.customer_id))
    target = request.app.url_path_for("console_customer", customer_id=str(customer.id))
    return RedirectResponse(target, status_code=303)


@router.get("/customers/{customer_id}", name="console_customer")
async def customer_page(
    request: Request,
    who: Viewer,
    customer_id: UUID,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    services = services_of(request)
    customer = await run_in_threadpool(services.customers.get, customer_id)
    query = OrderFilter(limit=ORDERS_SHOWN, offset=(page - 1) * ORDERS_SHOWN)
    orders = await run_in_threadpool(services.order_queries.orders_of_customer, customer_id, query)
    return render(
        request,
        "customer.html",
        customer=customer,
        erased_at=getattr(customer, "erased_at", None),
        orders=orders.items,
        orders_total=orders.total,
        page=page,
        pages=max(1, -(-orders.total // ORDERS_SHOWN)),
    )


def _customer_rows(request: Request, q: str, page: int) -> dict[str, Any]:
    services = services_of(request)
    found = services.queries.list_customers(CustomerFilter(q=q or None, limit=PAGE, offset=(page - 1) * PAGE))
    rows = []
    for item in found.items:
        try:
            customer: Customer | None = services.customers.get(UUID(str(item["id"])))
        except CustomerNotFoundError:  # listed, then gone (erased) in between
            customer = None
        address = customer.contact.billing_address if customer is not None else None
        orders = services.order_queries.orders(OrderFilter(customer_id=UUID(str(item["id"])), limit=1))
        rows.append({**item, "city": address.city if address else "", "orders": orders.total})
    return {"rows": rows, "total": found.total, "pages": max(1, -(-found.total // PAGE))}
