"""Settings, read once from `FORECASTS_*` environment variables (and `.env`)."""

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every knob of the service, each with a safe default so importing needs no environment."""

    model_config = SettingsConfigDict(env_prefix="FORECASTS_", env_file=".env", extra="ignore")

    database_url: str = Field(
        "sqlite:///./forecasts.db",
        description="SQLAlchemy URL: sqlite:///path.db or postgresql+psycopg://user@host/db.",
    )
    secret_key: str = Field(
        "forecast-ledger-development-key",
        description="Signs pagination cursors; set the same value on every worker in production.",
    )
    cache_max_age: int = Field(
        60, ge=0, description="Seconds anonymous GET responses may be cached."
    )
    max_query_string: int = Field(4096, ge=256, description="Longest accepted query string, bytes.")
    sql_echo: bool = Field(False, description="Log every SQL statement (development only).")


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings; tests clear the cache to change them."""
    return Settings()
