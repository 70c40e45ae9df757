"""Settings from the environment (and a ``.env`` file): the names are part of the public interface."""

from __future__ import annotations

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ORDERHUB_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///var/orderhub.db"
    api_key: SecretStr | None = None
    log_level: str = "INFO"
    scheduler: bool = True
    """Run scheduled channel syncs and follow projections inside ``orderhub serve``."""
    sync_concurrency: int = Field(default=4, ge=1, le=64)
    """How many channels one process syncs at once (each on a thread of its own)."""
    sync_lease_seconds: float = Field(default=30.0, ge=3, le=600)
    """How long a channel's sync lease lives unless renewed (every third of it): a killed process
    holds its channels this long. Shorter frees them sooner but needs a store that answers."""

    @field_validator("api_key", mode="before")
    @classmethod
    def _blank_key_is_no_key(cls, value: object) -> object:
        # ``ORDERHUB_API_KEY=`` (as .env templates have it) would otherwise lock every client out,
        # and no key would be generated either.
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if isinstance(value, str):
            return value.strip() or None
        return value
