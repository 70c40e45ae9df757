"""/customers: register, read, search, and customer orders (Kundenauftrag)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Response

from application.commands import OrderDraft, RegisterCustomer
from application.idempotency import RequestKey
from entrypoints.http.dependencies import ServicesDep
from entrypoints.http.idempotency import REPLAY_RESPONSE, IdempotencyKeyHeader, answer
from entrypoints.http.views import customer_view, order_view
from ports.read_models import CustomerFilter

router = APIRouter(tags=["customers"])


@router.post("/customers", status_code=201)
def register_customer(body: RegisterCustomer, services: ServicesDep) -> dict[str, Any]:
    return customer_view(services.customers.register(body))


@router.get("/customers/{customer_id}")
def get_customer(customer_id: UUID, services: ServicesDep) -> dict[str, Any]:
    return customer_view(services.customers.get(customer_id))


@router.get("/customers")
def list_customers(
    services: ServicesDep,
    email: Annotated[str | None, Query(max_length=320)] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    return services.queries.list_customers(
        CustomerFilter(email=email, q=q, limit=limit, offset=offset)
    ).model_dump()


@router.post(
    "/customers/{customer_id}/orders",
    status_code=201,
    summary="Place a customer order (Kundenauftrag)",
    responses=REPLAY_RESPONSE,
)
def place_customer_order(
    customer_id: UUID,
    body: OrderDraft,
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
