"""New orders in the console: the immediate order (Sofortauftrag) and the order started from a
customer (Kundenauftrag), through the same use cases and commands as POST /orders and
POST /customers/{id}/orders.

"Add line", "Remove line" and "Search customers" are submit buttons that show the form again with
everything typed, so the form works without JavaScript; with it, htmx fills in the customer matches
and the running total from the partials below.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, QueryParams

from application.errors import KeptCollidingError
from application.idempotency import IdempotencyKeyReusedError, RequestKey
from domain.access import Scope
from domain.customer import Customer
from domain.errors import CustomerNotFoundError
from domain.order import Order
from entrypoints.console.countries import ADDRESS_FORM
from entrypoints.console.i18n import N_
from entrypoints.console.order_form import OrderForm
from entrypoints.console.rendering import render
from entrypoints.console.security import Poster, Viewer, require, services_of, set_cookie
from ports.read_models import CustomerFilter

router = APIRouter()
Reference = Annotated[str, Path(min_length=1, max_length=200)]

MATCHES = 10
EXISTING_CUSTOMER = "existing-customer"
NOTICE_COOKIE = "orderhub_order_notice"
"""The order page's notice (routes_orders.DONE): new data went to the customer who owns the e-mail."""
ALREADY_PLACED = N_("This form placed an order already; the form below starts a new one")
KEPT_CHANGING = N_("Someone changed this customer at the same moment; please place the order again")


@router.get("/orders/new", name="console_new_order")
def new_order(request: Request, who: Viewer, customer: str = "") -> Response:
    """``customer``: an id chosen beforehand (e.g. from a link), else the form starts empty."""
    require(who, Scope.ORDERS_WRITE)
    return _form_page(request, OrderForm(customer_id=customer, request_key=str(uuid.uuid4())))


@router.post("/orders/new", name="console_place_order")
async def place_order(request: Request, who: Poster) -> Response:
    require(who, Scope.ORDERS_WRITE)
    data = await request.form()
    return await run_in_threadpool(_submitted, request, data, None)


@router.get("/customers/{reference}/orders/new", name="console_new_customer_order")
def new_customer_order(request: Request, who: Viewer, reference: Reference) -> Response:
    """``reference``: the customer's id or number."""
    require(who, Scope.ORDERS_WRITE)
    customer = _orderable(request, reference)
    return _form_page(request, OrderForm(request_key=str(uuid.uuid4())), customer)


@router.post("/customers/{reference}/orders/new", name="console_place_customer_order")
async def place_customer_order(request: Request, who: Poster, reference: Reference) -> Response:
    require(who, Scope.ORDERS_WRITE)
    data = await request.form()
    customer = await run_in_threadpool(_orderable, request, reference)
    return await run_in_threadpool(_submitted, request, data, customer)


def _orderable(request: Request, reference: str) -> Customer:
    """The customer ``reference`` names; an erased one (no contact data left) takes no new orders,
    as if it were not there."""
    services = services_of(request)
    customer = services.customers.get(services.order_queries.customer_id(reference))
    if customer.contact is None:
        raise CustomerNotFoundError(customer.id)
    return customer


@router.get("/orders/new/total", name="console_order_total")
def order_total(request: Request, who: Viewer) -> Response:
    """The running total of what the form holds (htmx sends the form as the query)."""
    form = _typed(request.query_params)
    return render(request, "order_total.html", total=form.total(), currency=_currency(form))


@router.get("/orders/new/customers", name="console_customer_matches")
def customer_matches(
    request: Request, who: Viewer, customer_query: str = "", customer_id: str = ""
) -> Response:
    """The customers whose data holds what "Find customer" holds, as the options to choose from."""
    form = OrderForm(customer_id=customer_id, customer_query=customer_query.strip())
    return render(request, "customer_matches.html", **_matches(request, form))


def _submitted(request: Request, data: FormData, fixed: Customer | None) -> Response:
    form = _typed(data)
    if (remove := data.get("remove_line")) is not None:
        form.remove_line(int(remove) if isinstance(remove, str) and remove.isdigit() else -1)
        return _form_page(request, form, fixed)
    action = data.get("action")
    if action == "add_line":
        form.add_line()
        return _form_page(request, form, fixed)
    if action == "find":
        return _form_page(request, form, fixed)
    owner = _email_owner(request, form) if fixed is None and form.new_customer else None
    order = _place(request, form, fixed)
    if order is None:
        return _form_page(request, form, fixed, status_code=422)
    response = RedirectResponse(request.app.url_path_for("console_order", reference=str(order.id)), 303)
    if owner is not None and str(order.customer_id) == owner:
        set_cookie(request, response, NOTICE_COOKIE, str(order.id))
    return response


def placed_notice(request: Request, order: Order) -> str | None:
    """The order page's notice for an order this form just placed for the e-mail's owner (a cookie
    the redirect sets, so that the order page's address stays the order's own)."""
    return EXISTING_CUSTOMER if request.cookies.get(NOTICE_COOKIE) == str(order.id) else None


def _place(request: Request, form: OrderForm, fixed: Customer | None) -> Order | None:
    """The order placed, or None with the reasons in ``form.errors`` (and nothing stored)."""
    ordering = services_of(request).ordering
    key = form.request_key or str(uuid.uuid4())
    try:
        if fixed is None:
            command = form.immediate_order()
            if command is None:
                return None
            request_key = RequestKey.of(key, "immediate", command)
            order, _ = ordering.placed_once(
                request_key, lambda: ordering.place_immediate_order(command, request_key)
            )
        else:
            draft = form.customer_order()
            if draft is None:
                return None
            request_key = RequestKey.of(key, "customer", draft, fixed.id)
            order, _ = ordering.placed_once(
                request_key, lambda: ordering.place_customer_order(fixed.id, draft, request=request_key)
            )
    except CustomerNotFoundError:
        form.errors["customer"] = N_("That customer does not exist (any more): choose another")
        return None
    except IdempotencyKeyReusedError:
        form.request_key = str(uuid.uuid4())
        form.errors["form"] = ALREADY_PLACED
        return None
    except KeptCollidingError:
        form.errors["form"] = KEPT_CHANGING
        return None
    return order


def _email_owner(request: Request, form: OrderForm) -> str | None:
    """The customer the typed e-mail belongs to before the order is placed: the order then goes to
    them (the use case decides that; this is only for saying so on the next page)."""
    if not form.contact["email"]:
        return None
    page = services_of(request).queries.list_customers(CustomerFilter(email=form.contact["email"], limit=1))
    return str(page.items[0]["id"]) if page.items else None


def _typed(data: FormData | QueryParams) -> OrderForm:
    return OrderForm.from_form(data, data.getlist)


def _currency(form: OrderForm) -> str:
    currency = form.currency.upper()
    return currency if len(currency) == 3 and currency.isalpha() else "EUR"


def _matches(request: Request, form: OrderForm) -> dict[str, Any]:
    services = services_of(request)
    matches: list[dict[str, Any]] = []
    if form.customer_query:
        page = services.queries.list_customers(CustomerFilter(q=form.customer_query, limit=MATCHES))
        matches = [{"id": str(i["id"]), "name": i["name"], "email": i["email"]} for i in page.items]
    if form.customer_id and all(m["id"] != form.customer_id for m in matches):
        try:
            chosen = services.customers.get(UUID(form.customer_id))
        except (ValueError, CustomerNotFoundError):
            pass
        else:
            if chosen.contact is not None:  # an erased customer takes no orders: not offered
                matches.insert(
                    0, {"id": str(chosen.id), "name": chosen.contact.name, "email": chosen.contact.email}
                )
    return {"matches": matches, "chosen": form.customer_id, "searched": bool(form.customer_query)}


def _form_page(
    request: Request, form: OrderForm, fixed: Customer | None = None, status_code: int = 200
) -> Response:
    if fixed is None:
        action = request.app.url_path_for("console_place_order")
    else:
        action = request.app.url_path_for("console_place_customer_order", reference=fixed.number)
    return render(
        request,
        "order_form.html",
        status_code,
        form=form,
        fixed_customer=fixed,
        action=action,
        total_url=request.app.url_path_for("console_order_total"),
        total=form.total(),
        currency=_currency(form),
        **ADDRESS_FORM,
        **(_matches(request, form) if fixed is None else {}),
    )
