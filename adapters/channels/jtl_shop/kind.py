"""The ``jtl-shop`` channel kind: settings and how a configured channel is opened."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator

from adapters.channels.jtl_shop.channel import JtlShopChannel
from adapters.channels.jtl_shop.client import DbesClient
from domain.money import Currency
from ports.channels import ChannelContext, ChannelKind, ChannelSettings, OrderChannel


class JtlShopSettings(ChannelSettings):
    url: str = Field(description="The shop's base URL; dbeS handlers are posted to {url}/dbeS/{Name}.")
    username: str = Field(min_length=1, description="The sync user (JTL-Shop backend: Synclogin).")
    password: SecretStr = Field(json_schema_extra={"secret": True}, description="The sync user's password.")
    currency: Currency = Field(
        default="EUR", description="The shop's default currency (prices are stored in it)."
    )
    timezone: str = Field(
        default="Europe/Berlin", description="The shop's time zone (order times are local)."
    )

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if not value.startswith(("http://", "https://")) or len(value) < 10:
            raise ValueError("url must be the shop's base URL, e.g. https://shop.example")
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {value!r} (use an IANA name such as Europe/Berlin)"
            ) from None
        return value


class JtlShopKind:
    name = "jtl-shop"
    settings_model: type[ChannelSettings] = JtlShopSettings
    pulls_by_time = False

    def open(self, settings: ChannelSettings, context: ChannelContext) -> OrderChannel:
        config = (
            settings
            if isinstance(settings, JtlShopSettings)
            else JtlShopSettings.model_validate(settings.model_dump())
        )
        client = DbesClient(
            config.url,
            config.username,
            config.password.get_secret_value(),
            sleep=context.sleep,
            timeout=context.timeout_seconds,
            limits=context.limits,
        )
        return JtlShopChannel(
            client, currency=config.currency, shop_zone=ZoneInfo(config.timezone), clock=context.clock
        )


KIND: ChannelKind = JtlShopKind()
"""Typed as the port so that mypy checks the kind (and the channel it opens) against the contract."""
