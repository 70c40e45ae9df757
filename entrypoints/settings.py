"""Settings from the environment (and a ``.env`` file): the names are part of the public interface."""

from __future__ import annotations

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ORDERHUB_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///var/orderhub.db"
    api_key: SecretStr | None = None
    log_level: str = "INFO"
    scheduler: bool = True
    """Run scheduled channel syncs and follow projections inside ``orderhub serve``."""
