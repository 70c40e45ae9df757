"""Settings of an eBay channel (``kind: "ebay"``); URLs default to eBay production."""

from __future__ import annotations

import re

from pydantic import Field, SecretStr, field_validator, model_validator

from ports.channels import TimeWindowedSettings

VERIFICATION_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,80}")
"""What eBay's developer portal accepts as the account deletion verification token."""


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
    deletion_verification_token: SecretStr | None = Field(
        None,
        description="Marketplace account deletion: the verification token entered in eBay's developer"
        " portal (32 to 80 letters, digits, '_' or '-'). Set together with deletion_endpoint_url.",
        json_schema_extra={"secret": True},
    )
    deletion_endpoint_url: str | None = Field(
        None,
        description="Marketplace account deletion: the public URL eBay calls, exactly as entered in the"
        " developer portal: https://<your host>/api/v1/channels/<channel name>/ebay/account-deletion.",
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

    @field_validator("deletion_verification_token")
    @classmethod
    def _verification_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not VERIFICATION_TOKEN.fullmatch(value.get_secret_value()):
            raise ValueError("must be 32 to 80 characters of A-Z, a-z, 0-9, '_' and '-' (eBay's rule)")
        return value

    @field_validator("deletion_endpoint_url")
    @classmethod
    def _endpoint_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        # Kept exactly as given (no trailing slash removed): eBay hashes the URL as it was entered.
        value = value.strip()
        if not value.startswith(("https://", "http://")) or len(value) <= len("https://"):
            raise ValueError("must be the http(s) URL entered in eBay's developer portal")
        if len(value) > 2000:
            raise ValueError("must be at most 2000 characters")
        return value

    @model_validator(mode="after")
    def _deletion_pair(self) -> EbaySettings:
        if (self.deletion_verification_token is None) != (self.deletion_endpoint_url is None):
            raise ValueError(
                "deletion_verification_token and deletion_endpoint_url go together: set both or neither"
            )
        return self

    @property
    def receives_account_deletions(self) -> bool:
        return self.deletion_verification_token is not None and self.deletion_endpoint_url is not None

    @field_validator("client_id")
    @classmethod
    def _stripped(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value.strip()
