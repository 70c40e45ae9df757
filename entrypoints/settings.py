"""Settings from the environment (and a ``.env`` file): the names are part of the public interface."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ports.channels import ChannelLimits


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ORDERHUB_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///var/orderhub.db"
    api_key: SecretStr | None = None
    secret_key: SecretStr | None = None
    """Seals channel secrets at rest (adapters/secrets/master_key.py says where else a key comes from)."""
    log_level: str = "INFO"
    scheduler: bool = True
    """Run scheduled channel syncs and follow projections inside ``orderhub serve``."""
    sync_concurrency: int = Field(default=4, ge=1, le=64)
    """How many channels one process syncs at once (each on a thread of its own)."""
    first_key_file: Path | None = None
    """Where the first start writes the generated API key when no terminal is attached (default:
    ``first-api-key.txt`` beside the SQLite database, else ``orderhub-first-api-key.txt`` here)."""
    channel_call_deadline_seconds: float = Field(60.0, gt=0)
    channel_max_response_bytes: int = Field(50 * 1024 * 1024, gt=0)
    channel_allow_private_addresses: bool = True
    channel_allow_link_local: bool = False
    sync_lease_seconds: float = Field(default=30.0, ge=3, le=600)
    """How long a channel's sync lease lives unless renewed (every third of it): a killed process
    holds its channels this long. Shorter frees them sooner but needs a store that answers."""

    timezone: str = "Europe/Berlin"
    """The merchant's time zone (IANA name): dates shown in the console, and the day boundaries of
    date filters and reports."""
    retention_years: int = Field(default=10, ge=1, le=100)
    """How long order documents are kept after the end of the order's calendar year (§ 147 AO,
    § 257 HGB); then the personal data on them is destroyed (``orderhub retention run``)."""
    session_idle_hours: float = Field(default=8.0, gt=0, le=24 * 30)
    """A console session ends after this long without a request (and at sign-out)."""
    secure_cookies: bool = False
    """Mark the console's session cookie ``Secure`` even when a request arrives over plain HTTP
    (behind a TLS-terminating proxy); over HTTPS it is always ``Secure``."""

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r} (an IANA name such as Europe/Berlin)") from error
        return value

    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def channel_limits(self) -> ChannelLimits:
        return ChannelLimits(
            call_deadline_seconds=self.channel_call_deadline_seconds,
            max_response_bytes=self.channel_max_response_bytes,
            allow_private_addresses=self.channel_allow_private_addresses,
            allow_link_local=self.channel_allow_link_local,
        )

    @field_validator("api_key", "secret_key", mode="before")
    @classmethod
    def _blank_key_is_no_key(cls, value: object) -> object:
        # ``ORDERHUB_API_KEY=`` (as .env templates have it) would otherwise lock every client out,
        # and no key would be generated either.
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if isinstance(value, str):
            return value.strip() or None
        return value
