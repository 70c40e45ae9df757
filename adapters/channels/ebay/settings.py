"""Settings of an eBay channel (``kind: "ebay"``); URLs default to eBay production."""

from __future__ import annotations

from pydantic import Field, SecretStr, field_validator

from ports.channels import TimeWindowedSettings


class EbaySettings(TimeWindowedSettings):
    api_base_url: str = Field(
        "https://api.ebay.com",
        description="Part before /sell/fulfillment/v1 (sandbox: https://api.sandbox.ebay.com).",
    )
    token_url: str = Field(
        "https://api.ebay.com/identity/v1/oauth2/token", description="eBay's OAuth token endpoint."
    )
    client_id: str = Field(min_length=1, description="App ID (client id) of your eBay application keys.")
    client_secret: SecretStr = Field(
        description="Cert ID (client secret) of your eBay application keys.",
        json_schema_extra={"secret": True},
    )
    refresh_token: SecretStr = Field(
        description="User refresh token of the seller account, scope sell.fulfillment.",
        json_schema_extra={"secret": True},
    )
    initial_lookback_days: int = Field(
        30, ge=1, le=730, description="How far the first sync looks back (eBay keeps orders two years)."
    )

    @field_validator("api_base_url", "token_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if not value.startswith(("https://", "http://")) or len(value) <= len("https://"):
            raise ValueError("must be an http(s) URL")
        return value

    @field_validator("client_id")
    @classmethod
    def _stripped(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value.strip()
