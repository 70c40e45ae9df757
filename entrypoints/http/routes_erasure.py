"""/customers/{id}/erasure: erase a customer's personal data (GDPR Art. 17), admins only."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Body

from application.commands import EraseCustomer
from application.erasure import ErasureReport
from domain.access import Scope
from entrypoints.http import examples
from entrypoints.http.auth import Requires
from entrypoints.http.dependencies import ServicesDep
from entrypoints.http.openapi import BODY_ERRORS, READ_MODEL_ERRORS, answers
from entrypoints.http.response_models import ErasureView

router = APIRouter(tags=["customers"])


def erasure_view(report: ErasureReport) -> dict[str, Any]:
    return {
        "customer_id": str(report.customer_id),
        "erased_at": report.erased_at.isoformat(),
        "erased": report.erased,
        "retained": [
            {"order_id": str(r.order_id), "number": r.number, "until": r.until.isoformat()}
            for r in report.retained
        ],
    }


@router.post(
    "/customers/{customer_id}/erasure",
    dependencies=[Requires(Scope.ADMIN)],
    summary="Erase a customer's personal data (GDPR Art. 17)",
    response_model=None,
    responses=answers(
        ErasureView, 404, 409, *BODY_ERRORS, *READ_MODEL_ERRORS, description="What was erased, what is kept"
    ),
)
def erase_customer(
    customer_id: UUID,
    body: Annotated[EraseCustomer, Body(openapi_examples=examples.ERASURE)],
    services: ServicesDep,
) -> dict[str, Any]:
    """The contact data goes at once, everywhere; names and addresses on the orders are kept,
    restricted to admins, until their retention period ends (``retained``). Erasing an erased
    customer answers the same and records nothing; an order still open is a 409 naming it."""
    return erasure_view(services.erasure.erase(customer_id, body.reason))
