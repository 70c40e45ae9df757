"""/orders: immediate orders, reading, listing, history and status changes."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Response
from starlette.concurrency import run_in_threadpool

from application.commands import ChangeOrderStatus, PlaceImmediateOrder
from application.idempotency import RequestKey
from domain.status import OrderStatus
from entrypoints.http.dependencies import ServicesDep
from entrypoints.http.idempotency import REPLAY_RESPONSE, IdempotencyKeyHeader, answer
from entrypoints.http.times import UtcTime
from entrypoints.http.views import event_view, order_view
from ports.read_models import OrderFilter

router = APIRouter(tags=["orders"])

SortKey = Literal[
    "created_at",
    "-created_at",
    "updated_at",
    "-updated_at",
    "number",
    "-number",
    "total",
    "-total",
    "status",
    "-status",
]
ShortText = Annotated[str, Query(max_length=200)]


@router.post(
    "/orders", status_code=201, summary="Place an immediate order (Sofortauftrag)", responses=REPLAY_RESPONSE
)
def place_immediate_order(
    body: PlaceImmediateOrder,
    services: ServicesDep,
    response: Response,
    idempotency_key: IdempotencyKeyHeader = None,
) -> dict[str, Any]:
    request = RequestKey.of(idempotency_key, "immediate", body) if idempotency_key else None
    ordering = services.ordering
    return order_view(
        answer(response, ordering.placed_once(request, lambda: ordering.place_immediate_order(body, request)))
    )


@router.get("/orders/{order_id}")
async def get_order(order_id: UUID, services: ServicesDep) -> dict[str, Any]:
    # The hottest read: the store is read in the thread pool; as the endpoint itself is async,
    # FastAPI then serializes the answer right away instead of in a second trip to the pool.
    return order_view(await run_in_threadpool(services.order_queries.order, order_id))


@router.get("/orders")
def list_orders(
    services: ServicesDep,
    source: ShortText | None = None,
    channel: ShortText | None = None,
    status: OrderStatus | None = None,
    customer_id: UUID | None = None,
    external_id: ShortText | None = None,
    number: ShortText | None = None,
    created_from: UtcTime | None = None,
    created_to: UtcTime | None = None,
    sort: SortKey = "-created_at",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    query = OrderFilter(
        source=source,
        channel=channel,
        status=status,
        customer_id=customer_id,
        external_id=external_id,
        number=number,
        created_from=created_from,
        created_to=created_to,
        sort=sort,
        limit=limit,
        offset=offset,
    )
    return services.order_queries.orders(query).model_dump()


@router.get("/orders/{order_id}/events")
def order_events(order_id: UUID, services: ServicesDep) -> list[dict[str, Any]]:
    return [event_view(e) for e in services.order_queries.history(order_id)]


@router.post("/orders/{order_id}/status")
def change_status(order_id: UUID, body: ChangeOrderStatus, services: ServicesDep) -> dict[str, Any]:
    return order_view(services.ordering.change_status(order_id, body))
