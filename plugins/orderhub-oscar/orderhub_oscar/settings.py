"""Settings of an ``oscar`` channel: where the shop is, a staff login, how far back to scan."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, SecretStr, StringConstraints, field_validator

from domain.status import OrderStatus
from ports.channels import ChannelSettings

Url = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^https?://\S+$")]
Path = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^/\S*$")]

DEFAULT_STATUS_MAP: dict[str, OrderStatus] = {
    "new": OrderStatus.OPEN,
    "processing": OrderStatus.PAID,
    "shipped": OrderStatus.SHIPPED,
    "completed": OrderStatus.SHIPPED,
    "cancelled": OrderStatus.CANCELLED,
}
"""Oscar status -> orderhub status (Oscar has no statuses of its own: shops define a pipeline)."""

DEFAULT_PUSH_STEPS: dict[OrderStatus, list[str]] = {
    OrderStatus.PAID: ["processing"],
    OrderStatus.SHIPPED: ["processing", "shipped"],
    OrderStatus.CANCELLED: ["cancelled"],
}
"""orderhub status -> the Oscar statuses to set, in order (Oscar's pipeline allows one step at a time)."""


class OscarSettings(ChannelSettings):
    url: Url = Field(description="the shop's base URL, e.g. https://shop.example (no /api)")
    username: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)] = Field(
        description="a staff user with the order.view_order and order.change_order permissions"
    )
    password: SecretStr = Field(description="that user's password", json_schema_extra={"secret": True})
    lookback_days: int = Field(
        default=30,
        ge=1,
        le=365,
        description="each sync re-reads every order placed in the last N days (Oscar has no 'modified' date)",
    )
    first_sync_lookback_days: int | None = Field(
        default=None,
        ge=1,
        le=3650,
        description="the first sync reaches back this far (default: lookback_days)",
    )
    page_size: int = Field(default=100, ge=1, le=1000, description="orders per request when the API pages")
    api_path: Path = Field(default="/api/", description="where django-oscar-api is mounted")
    dashboard_path: Path = Field(default="/dashboard/", description="where Oscar's dashboard is mounted")
    status_map: dict[str, OrderStatus] = Field(
        default_factory=lambda: dict(DEFAULT_STATUS_MAP),
        description="Oscar order status -> orderhub status; an order in an unlisted status is quarantined",
    )
    push_steps: dict[OrderStatus, list[str]] = Field(
        default_factory=lambda: {k: list(v) for k, v in DEFAULT_PUSH_STEPS.items()},
        description="orderhub status -> Oscar statuses to set in turn; statuses not listed are not sent",
    )

    @field_validator("url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @field_validator("api_path", "dashboard_path")
    @classmethod
    def _trailing_slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"

    @field_validator("password")
    @classmethod
    def _not_blank(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value():
            raise ValueError("must not be empty")
        return value

    def api_url(self, path: str) -> str:
        return f"{self.url}{self.api_path}{path.lstrip('/')}"

    def dashboard_url(self, path: str) -> str:
        return f"{self.url}{self.dashboard_path}{path.lstrip('/')}"
