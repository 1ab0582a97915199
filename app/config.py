"""Settings, read once from `FORECASTS_*` environment variables (and `.env`)."""

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

import platformdirs
from pydantic import Field, StringConstraints, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from app.db import LOCK_TIMEOUT_MS, STATEMENT_TIMEOUT_MS

# A CSP source: `*`, `'self'`, or an origin (a wildcard subdomain allowed); nothing that could
# end the header or add a directive.
EmbedAncestor = Annotated[
    str, StringConstraints(pattern=r"^(\*|'self'|https?://(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?)$")
]

APP_NAME = "forecast-ledger"
# Where `forecasts serve` listens by default: the base of links the CLI prints.
LOCAL_URL = "http://127.0.0.1:8000"


def default_database_url() -> str:
    """SQLite in the platform's user data folder (`~/.local/share/forecast-ledger/` on Linux),
    so the server and every command find the same database whatever the current folder."""
    folder = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return f"sqlite:///{folder / 'forecasts.db'}"


class Settings(BaseSettings):
    """Every knob of the service, each with a safe default so importing needs no environment."""

    model_config = SettingsConfigDict(env_prefix="FORECASTS_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default_factory=default_database_url,
        description="SQLAlchemy URL: sqlite:///path.db or postgresql+psycopg://user@host/db;"
        " default: forecasts.db in the platform's user data folder.",
    )
    secret_key: str | None = Field(
        None,
        description="Signs pagination cursors (16 characters or more). Unset: SQLite keeps a"
        " generated one beside the database file; PostgreSQL refuses to start.",
    )
    docs: bool = Field(
        True, description="Serve /docs, /redoc and /openapi.json; false answers them 404."
    )
    cache_max_age: int = Field(
        60, ge=0, description="Seconds anonymous GET responses may be cached."
    )
    max_query_string: int = Field(4096, ge=256, description="Longest accepted query string, bytes.")
    sql_echo: bool = Field(False, description="Log every SQL statement (development only).")
    max_body_bytes: int = Field(1_048_576, ge=1024, description="Largest request body accepted.")
    redis_url: str | None = Field(
        None, description="redis://host:port/db for rate-limit counters shared by all workers."
    )
    facet_time_budget_ms: int = Field(
        1000,
        ge=0,
        description="Time one facets request may spend counting; facets that"
        " would overrun it are reported as timed out.",
    )
    lock_timeout_ms: int = Field(
        LOCK_TIMEOUT_MS,
        ge=0,
        description="How long a statement waits for a lock another request holds before the"
        " request answers 503 with Retry-After (0: no limit).",
    )
    statement_timeout_ms: int = Field(
        STATEMENT_TIMEOUT_MS,
        ge=0,
        description="How long one SQL statement may run before it is stopped and the request"
        " answers 503 with Retry-After (0: no limit).",
    )
    rate_limits: bool = Field(True, description="Limit requests per client (API key or address).")
    rate_limit_reads: str = Field("600/minute", description="Reads per client, e.g. 600/minute.")
    rate_limit_writes: str = Field("60/minute", description="Writes per client, e.g. 60/minute.")
    cors_write_origins: Annotated[list[str], NoDecode] = Field(
        [], description="Origins whose pages may write (comma-separated); any origin may read."
    )
    log_format: Literal["json", "console"] = Field(
        "json", description="Log lines as JSON objects (`json`) or as text for people (`console`)."
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        "INFO", description="The least severe log level written."
    )
    embed_frame_ancestors: Annotated[list[EmbedAncestor], NoDecode] = Field(
        ["*"],
        min_length=1,
        description="Who may frame the /embed pages (CSP frame-ancestors, comma-separated):"
        " `*`, or origins such as https://dash.example.org.",
    )

    @field_validator("cors_write_origins", "embed_frame_ancestors", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        return (
            [o.strip() for o in value.split(",") if o.strip()] if isinstance(value, str) else value
        )


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings; tests clear the cache to change them."""
    return Settings()
