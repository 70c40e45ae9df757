"""/orders: immediate orders, reading, listing, history and status changes."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

import orjson
from fastapi import APIRouter, Body, Depends, Path, Query, Response
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from application.commands import AddNote, ChangeOrderStatus, PlaceImmediateOrder
from application.idempotency import RequestKey
from domain.access import Scope
from domain.address import Address
from domain.status import OrderStatus
from entrypoints.http import examples
from entrypoints.http.auth import Requires
from entrypoints.http.dependencies import ServicesDep
from entrypoints.http.errors import error_responses
from entrypoints.http.idempotency import REPLAY_RESPONSE, IdempotencyKeyHeader, answer
from entrypoints.http.openapi import BODY_ERRORS, READ_MODEL_ERRORS, answers
from entrypoints.http.order_csv import order_csv
from entrypoints.http.response_models import EventView, OrderPage, OrderView
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
Day = Annotated[
    str | None,
    Query(
        max_length=40,
        description="a date (YYYY-MM-DD: the whole day in the merchant's time zone; created_to's day "
        "included) or an ISO 8601 time (created_from included, created_to excluded; without an offset: "
        "the merchant's clock)",
    ),
]
Search = Annotated[
    str | None,
    Query(
        max_length=200,
        description="words, each the start of the order's number, channel order id or number, or a "
        "name, e-mail, company, street, postal code, city or phone of the order or its customer; "
        "case and accents do not matter (ß = ss, ü = ue = u)",
    ),
]


def order_filter(
    services: ServicesDep,
    source: ShortText | None = None,
    channel: ShortText | None = None,
    status: OrderStatus | None = None,
    external_id: ShortText | None = None,
    number: Annotated[str | None, Query(max_length=200, description="the order's number, any case")] = None,
    q: Search = None,
    created_from: Day = None,
    created_to: Day = None,
    sort: SortKey = "-created_at",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> OrderFilter:
    """The query parameters of every order list (GET /orders, GET /customers/{id}/orders)."""
    since, until = services.order_queries.period(created_from, created_to)
    return OrderFilter(
        source=source,
        channel=channel,
        status=status,
        external_id=external_id,
        number=number,
        q=q,
        created_from=since,
        created_to=until,
        sort=sort,
        limit=limit,
        offset=offset,
    )


OrderFilterDep = Annotated[OrderFilter, Depends(order_filter)]
OrderReference = Annotated[
    str, Path(max_length=200, description="the order's id, or its number (ORD-1042, any case)")
]


@router.post(
    "/orders",
    dependencies=[Requires(Scope.ORDERS_WRITE)],
    status_code=201,
    summary="Place an immediate order (Sofortauftrag)",
    response_model=None,
    responses={
        **answers(OrderView, 404, 409, *BODY_ERRORS, status=201, description="The order placed"),
        **REPLAY_RESPONSE,
    },
)
def place_immediate_order(
    body: Annotated[PlaceImmediateOrder, Body(openapi_examples=examples.IMMEDIATE_ORDER)],
    services: ServicesDep,
    response: Response,
    idempotency_key: IdempotencyKeyHeader = None,
) -> dict[str, Any]:
    """Exactly one of ``customer_id`` (an existing customer; unknown: 404) and ``customer`` (new
    customer data; an e-mail that belongs to a customer places the order for that customer)."""
    request = RequestKey.of(idempotency_key, "immediate", body) if idempotency_key else None
    ordering = services.ordering
    return order_view(
        answer(response, ordering.placed_once(request, lambda: ordering.place_immediate_order(body, request)))
    )


@router.get(
    "/orders/{order_id}",
    dependencies=[Requires(Scope.ORDERS_READ)],
    response_model=None,
    responses=answers(OrderView, 404, description="The order"),
)
async def get_order(order_id: OrderReference, services: ServicesDep) -> Response:
    # The hottest read: the store is read in the thread pool, the answer serialized right here (an
    # async endpoint: no second trip to the pool). orjson writes the bytes FastAPI would (compact,
    # UTF-8); FastAPI's own walk of the view (jsonable_encoder) cost more than reading the order.
    order = await run_in_threadpool(services.order_queries.order, order_id)
    return Response(orjson.dumps(order_view(order)), media_type="application/json")


@router.get(
    "/orders",
    dependencies=[Requires(Scope.ORDERS_READ)],
    response_model=None,
    responses={
        200: {
            "model": OrderPage,
            "description": "One page of the orders that match, or (format=csv) all of them as CSV",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        },
        **error_responses(*READ_MODEL_ERRORS),
    },
)
def list_orders(
    services: ServicesDep,
    query: OrderFilterDep,
    customer_id: UUID | None = None,
    format: Annotated[
        Literal["json", "csv"],
        Query(description="csv: every order that matches (limit and offset do not apply), streamed"),
    ] = "json",
) -> Any:
    query = query.model_copy(update={"customer_id": customer_id})
    if format == "csv":
        return StreamingResponse(
            order_csv(services.order_queries.export(query)),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="orders.csv"'},
        )
    return services.order_queries.orders(query).model_dump()


@router.get(
    "/orders/{order_id}/events",
    dependencies=[Requires(Scope.ORDERS_READ)],
    response_model=None,
    responses=answers(list[EventView], 404, description="The order's events, oldest first"),
)
def order_events(order_id: OrderReference, services: ServicesDep) -> list[dict[str, Any]]:
    return [event_view(e) for e in services.order_queries.history(order_id)]


@router.post(
    "/orders/{order_id}/status",
    dependencies=[Requires(Scope.ORDERS_WRITE)],
    response_model=None,
    responses=answers(OrderView, 404, 409, *BODY_ERRORS, description="The order, changed"),
)
def change_status(
    order_id: UUID,
    body: Annotated[ChangeOrderStatus, Body(openapi_examples=examples.STATUS_CHANGE)],
    services: ServicesDep,
) -> dict[str, Any]:
    return order_view(services.ordering.change_status(order_id, body))


@router.post(
    "/orders/{order_id}/notes",
    dependencies=[Requires(Scope.ORDERS_WRITE)],
    status_code=201,
    summary="Add a note to an order",
    response_model=None,
    responses=answers(
        OrderView, 404, 409, *BODY_ERRORS, status=201, description="The order, the note last in notes"
    ),
)
def add_note(
    order_id: UUID,
    body: Annotated[AddNote, Body(openapi_examples=examples.NOTE)],
    services: ServicesDep,
) -> dict[str, Any]:
    """In any status, cancelled and shipped too: a note does not change the order. It is recorded
    as ``NoteAdded`` (in the order's events, with who wrote it) and listed in the order's ``notes``."""
    return order_view(services.ordering.add_note(order_id, body))


@router.put(
    "/orders/{order_id}/shipping-address",
    dependencies=[Requires(Scope.ORDERS_WRITE)],
    summary="Correct the shipping address",
    response_model=None,
    responses=answers(OrderView, 404, 409, *BODY_ERRORS, description="The order, with the address"),
)
def correct_shipping_address(
    order_id: UUID,
    body: Annotated[Address, Body(openapi_examples=examples.SHIPPING_ADDRESS)],
    services: ServicesDep,
) -> dict[str, Any]:
    """Until a parcel has left: 409 once the order is partially shipped, shipped or cancelled. The
    same address again changes nothing. On a channel order the correction stands against the
    channel's later reports of the address it replaced; a different address from the channel (the
    buyer changed it there) replaces it."""
    return order_view(services.ordering.correct_shipping_address(order_id, body))
