"""Settings of an ``amazon`` channel (SP-API Orders v2026-01-01 with Login with Amazon credentials)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, SecretStr, StringConstraints, field_validator

from ports.channels import TimeWindowedSettings

Url = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^https?://\S+$")]
MarketplaceId = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Z0-9]{8,20}$")]


class AmazonSettings(TimeWindowedSettings):
    api_base_url: Url = Field(
        default="https://sellingpartnerapi-eu.amazon.com",
        description="SP-API regional host; calls go to {api_base_url}/orders/2026-01-01/orders",
    )
    token_url: Url = Field(
        default="https://api.amazon.com/auth/o2/token", description="Login with Amazon token endpoint"
    )
    client_id: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)] = Field(
        description="LWA client id of the SP-API app (amzn1.application-oa2-client....)"
    )
    client_secret: SecretStr = Field(description="LWA client secret", json_schema_extra={"secret": True})
    refresh_token: SecretStr = Field(
        description="LWA refresh token from the seller's authorisation (Atzr|...)",
        json_schema_extra={"secret": True},
    )
    marketplace_ids: list[MarketplaceId] = Field(
        min_length=1, max_length=50, description='e.g. ["A1PA6795UKMFR9"] for amazon.de'
    )
    max_results_per_page: int = Field(
        default=100, ge=1, le=100, description="orders per searchOrders page (Amazon's maxResultsPerPage)"
    )
    overlap_minutes: int = Field(default=5, ge=0, le=24 * 60)
    max_wait_seconds: float = Field(
        default=120.0,
        ge=0,
        le=3600,
        description="how long one sync may wait for Amazon's rate limits before it stops and resumes later",
    )

    @field_validator("api_base_url", "token_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @field_validator("client_secret", "refresh_token")
    @classmethod
    def _not_blank(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value().strip():
            raise ValueError("must not be empty")
        return value
