"""eBay Marketplace Account Deletion: the endpoint eBay calls, without an API key.

eBay cannot send an orderhub API key; what vouches for a call is eBay's signature, which the use
case has checked before anything happens (application/ebay_account_deletion.py). These are the
only /api/v1 operations without a scope, named one by one in ``auth.PUBLIC_OPERATIONS``.
"""

from __future__ import annotations

from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from entrypoints.http.auth import EBAY_ACCOUNT_DELETION
from entrypoints.http.dependencies import ServicesDep
from entrypoints.http.errors import error_responses
from entrypoints.http.openapi import answers
from entrypoints.http.query_rules import strict_query
from entrypoints.http.routes_channels import NamePath

router = APIRouter(tags=["ebay account deletion"], dependencies=[Depends(strict_query)])


class ChallengeAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    challengeResponse: str = Field(  # eBay's name
        description="hex(SHA-256(challenge_code + verification token + endpoint URL))"
    )


@router.get(
    EBAY_ACCOUNT_DELETION,
    response_model=None,
    responses=answers(ChallengeAnswer, 404, 503, description="The answer to eBay's endpoint check"),
)
def account_deletion_challenge(
    name: NamePath,
    challenge_code: Annotated[str, Query(min_length=1, max_length=1000)],
    services: ServicesDep,
) -> JSONResponse:
    """eBay checks the endpoint when it is saved in the developer portal. 404: no such channel, not
    an eBay channel, or its settings lack deletion_verification_token and deletion_endpoint_url;
    503: the channel's secrets cannot be opened (the secret key)."""
    answer = services.account_deletions.challenge(name, challenge_code)
    return JSONResponse({"challengeResponse": answer})


@router.post(
    EBAY_ACCOUNT_DELETION,
    status_code=204,
    response_model=None,
    responses={
        204: {
            "description": "Received: the customer linked to the eBay user is erased (or is when its"
            " open orders are done; nothing for a user orderhub does not know, or a repeated notification)"
        },
        **error_responses(404, 412, 413, 422, 503),
    },
)
async def account_deletion_notification(
    name: NamePath,
    request: Request,
    services: ServicesDep,
    signature: Annotated[
        str | None, Header(alias="X-EBAY-SIGNATURE", description="eBay's signature of the notification")
    ] = None,
) -> Response:
    """eBay's Marketplace Account Deletion notification (its JSON as the body). 412: unsigned, or a
    signature that does not verify; 422: not JSON or not such a notification; 503 (Retry-After):
    eBay's key could not be fetched, so eBay sends it again. Nothing happens unless it verifies."""
    body = await request.body()
    await anyio.to_thread.run_sync(services.account_deletions.receive, name, body, signature)
    return Response(status_code=204)
