"""The ``jtl-connector`` channel kind: settings and how to open a channel to a shop's connector endpoint."""

from __future__ import annotations

from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator

from adapters.channels.jtl_connector.channel import JtlConnectorChannel
from adapters.channels.jtl_connector.client import JtlRpcClient
from ports.channels import ChannelContext, ChannelKind, ChannelSettings, OrderChannel


class JtlConnectorSettings(ChannelSettings):
    url: str = Field(
        description="The connector endpoint, e.g. https://shop.example/jtlconnector/ (WooCommerce, Shopware, ...)"
    )
    token: SecretStr = Field(
        description="The connector's sync password (token) from the shop's connector settings",
        json_schema_extra={"secret": True},
    )

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("url must be the http(s) address of the connector endpoint")
        return value.strip()


class JtlConnectorKind:
    name = "jtl-connector"
    settings_model: type[ChannelSettings] = JtlConnectorSettings
    pulls_by_time = False

    def open(self, settings: ChannelSettings, context: ChannelContext) -> OrderChannel:
        if not isinstance(settings, JtlConnectorSettings):
            settings = JtlConnectorSettings.model_validate(settings.model_dump())
        client = JtlRpcClient(
            settings.url,
            settings.token,
            sleep=context.sleep,
            timeout=context.timeout_seconds,
            limits=context.limits,
        )
        return JtlConnectorChannel(client, context)


KIND: ChannelKind = JtlConnectorKind()
"""Typed as the port so that mypy checks the kind (and the channel it opens) against the contract."""
