"""/customers: register, read, search, and customer orders (Kundenauftrag)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Body, Path, Query, Response

from application.commands import OrderDraft, RegisterCustomer
from application.idempotency import RequestKey
from domain.access import Scope
from entrypoints.http import examples
from entrypoints.http.auth import Requires
from entrypoints.http.dependencies import ServicesDep
from entrypoints.http.idempotency import REPLAY_RESPONSE, IdempotencyKeyHeader, answer
from entrypoints.http.openapi import BODY_ERRORS, READ_MODEL_ERRORS, answers
from entrypoints.http.response_models import CustomerPage, CustomerView, EventView, OrderPage, OrderView
from entrypoints.http.routes_orders import OrderFilterDep
from entrypoints.http.views import customer_view, event_view, order_view
from ports.read_models import CustomerFilter

router = APIRouter(tags=["customers"])
CustomerReference = Annotated[
    str, Path(max_length=200, description="the customer's id, or their number (CUS-17, any case)")
]


@router.post(
    "/customers",
    dependencies=[Requires(Scope.CUSTOMERS_WRITE)],
    status_code=201,
    response_model=None,
    responses=answers(CustomerView, 409, *BODY_ERRORS, status=201, description="The customer registered"),
)
def register_customer(
    body: Annotated[RegisterCustomer, Body(openapi_examples=examples.CUSTOMER)], services: ServicesDep
) -> dict[str, Any]:
    """An e-mail that already belongs to a customer is a 409 naming that customer (``customer_id``)."""
    return customer_view(services.customers.register(body))


@router.get(
    "/customers/{customer_id}",
    dependencies=[Requires(Scope.CUSTOMERS_READ)],
    response_model=None,
    responses=answers(CustomerView, 404, description="The customer"),
)
def get_customer(customer_id: CustomerReference, services: ServicesDep) -> dict[str, Any]:
    return customer_view(services.customers.get(services.order_queries.customer_id(customer_id)))


@router.get(
    "/customers/{customer_id}/events",
    dependencies=[Requires(Scope.CUSTOMERS_READ)],
    response_model=None,
    responses=answers(list[EventView], 404, description="The customer's events, oldest first"),
)
def customer_events(customer_id: CustomerReference, services: ServicesDep) -> list[dict[str, Any]]:
    """Each event names who did it (``actor``), as GET /orders/{id}/events."""
    return [
        event_view(e) for e in services.customers.history(services.order_queries.customer_id(customer_id))
    ]


@router.get(
    "/customers",
    dependencies=[Requires(Scope.CUSTOMERS_READ)],
    response_model=None,
    responses=answers(CustomerPage, *READ_MODEL_ERRORS, description="One page of the customers that match"),
)
def list_customers(
    services: ServicesDep,
    email: Annotated[str | None, Query(max_length=320)] = None,
    number: Annotated[
        str | None, Query(max_length=200, description="the customer's number, any case")
    ] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=200,
            description="words, each the start of the customer's number, name, e-mail, company, street, "
            "postal code, city or phone; case and accents do not matter (ß = ss, ü = ue = u)",
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    """Newest first; each item counts the customer's orders (``orders``)."""
    query = CustomerFilter(email=email, number=number, q=q, limit=limit, offset=offset)
    return services.order_queries.customers(query).model_dump()


@router.get(
    "/customers/{customer_id}/orders",
    dependencies=[Requires(Scope.ORDERS_READ)],
    summary="The customer's orders",
    response_model=None,
    responses=answers(OrderPage, 404, *READ_MODEL_ERRORS, description="One page of the customer's orders"),
)
def customer_orders(
    customer_id: CustomerReference, services: ServicesDep, query: OrderFilterDep
) -> dict[str, Any]:
    """Every order of the customer, whatever its source, paged and filtered as GET /orders."""
    return services.order_queries.orders_of_customer(customer_id, query).model_dump()


@router.post(
    "/customers/{customer_id}/orders",
    dependencies=[Requires(Scope.ORDERS_WRITE)],
    status_code=201,
    summary="Place a customer order (Kundenauftrag)",
    response_model=None,
    responses={
        **answers(OrderView, 404, 409, *BODY_ERRORS, status=201, description="The order placed"),
        **REPLAY_RESPONSE,
    },
)
def place_customer_order(
    customer_id: UUID,
    body: Annotated[OrderDraft, Body(openapi_examples=examples.CUSTOMER_ORDER)],
    services: ServicesDep,
    response: Response,
    idempotency_key: IdempotencyKeyHeader = None,
) -> dict[str, Any]:
    request = RequestKey.of(idempotency_key, "customer", body, customer_id) if idempotency_key else None
    ordering = services.ordering
    return order_view(
        answer(
            response,
            ordering.placed_once(
                request, lambda: ordering.place_customer_order(customer_id, body, request=request)
            ),
        )
    )
