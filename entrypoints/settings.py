"""Settings from the environment (and a ``.env`` file): the names are part of the public interface."""

from __future__ import annotations

from pydantic import SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ORDERHUB_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///var/orderhub.db"
    api_key: SecretStr | None = None
    secret_key: SecretStr | None = None
    """Seals channel secrets at rest (adapters/secrets/master_key.py says where else a key comes from)."""
    log_level: str = "INFO"
    scheduler: bool = True
    """Run scheduled channel syncs and follow projections inside ``orderhub serve``."""

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
