"""The application factory: `uvicorn --factory app.main:create_app`."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, Depends, FastAPI
from fastapi.routing import APIRoute
from sqlalchemy import Engine

from app import __version__, collector, errors, observability, signing
from app.api import claims, docs, experts, health, meta, propositions, sources, topics
from app.api import errors as errors_api
from app.api import exports as exports_api
from app.api import metrics as metrics_api
from app.api import openapi as openapi_docs
from app.api import search as search_api
from app.api.badges import router as badges_router
from app.api.oembed import router as oembed_router
from app.config import Settings, get_settings
from app.db import make_engine, make_sessionmaker
from app.deps import get_principal, reject_unknown_parameters
from app.embed import pages as embed
from app.errors import PROBLEM_JSON
from app.headers import SecurityHeadersMiddleware
from app.middleware import (
    BodyLimitMiddleware,
    ConditionalGetMiddleware,
    CorsMiddleware,
    HeadAsGetMiddleware,
    JsonBodyMiddleware,
    QueryStringLimitMiddleware,
    RequestIdMiddleware,
)
from app.pagination import Cursors
from app.ratelimit import RateLimitMiddleware
from app.review import routes as review
from app.services import generations

DESCRIPTION = """
Structured expert forecasts: who predicted what, in which source, in which exact words
(a verbatim quote located by its character span), how confident they sounded (a probability band
from a documented confidence table), by when, about which topics, and how it turned out.

Lists are `{"items": [...], "next": "<url>"}`; follow `next` until it is absent. Filters are plain
parameters, repeatable for OR. Errors are `application/problem+json` (RFC 9457).
"""

TAGS = [
    {"name": "claims", "description": "Forecasts, assessments and prescriptions, with quotes."},
    {"name": "experts", "description": "People, organisations and groups who make claims."},
    {"name": "sources", "description": "Published documents, with their full text."},
    {"name": "topics", "description": "The topic tree."},
    {"name": "propositions", "description": "Resolvable statements claims speak to; outcomes."},
    {
        "name": "search",
        "description": "One query over claims, experts, sources and topics at once, the best few"
        " of each; the same syntax as the claims list's `q`.",
    },
    {"name": "embedding", "description": "oEmbed: the URL of an embed page becomes its iframe."},
    {"name": "operations", "description": "Health probes."},
]


def _operation_id(route: APIRoute) -> str:
    return route.name


def _polish(operation: dict[str, Any]) -> None:
    # The summary is the handler's one-line docstring, not its title-cased name.
    summary, _, rest = operation.get("description", "").partition("\n")
    if summary:
        operation["summary"] = summary.strip().replace("`", "")  # summaries show no markdown
        if rest.strip():
            operation["description"] = rest.strip()
        else:
            del operation["description"]
    # Errors are problem+json: FastAPI files the Problem schema under application/json.
    for status, response in operation.get("responses", {}).items():
        content = response.get("content", {})
        if status[0] in "45" and PROBLEM_JSON in content and "application/json" in content:
            content[PROBLEM_JSON]["schema"] = content.pop("application/json")["schema"]


def _polished_openapi(app: FastAPI) -> None:
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = build()
            for item in document["paths"].values():
                for operation in item.values():
                    _polish(operation)
            openapi_docs.polish(app, document)
        return app.openapi_schema or build()

    app.openapi = openapi  # type: ignore[method-assign]


def _engine(settings: Settings, *, writer: bool = False) -> Engine:
    return make_engine(
        settings.database_url,
        echo=settings.sql_echo,
        writer=writer,
        reader=not writer,
        lock_timeout_ms=settings.lock_timeout_ms,
        statement_timeout_ms=settings.statement_timeout_ms,
    )


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the ASGI app: routes, error handlers, middleware, a database engine."""
    settings = settings or get_settings()
    cursors = Cursors(signing.resolve(settings.secret_key, settings.database_url))
    engine = _engine(settings)
    writer = _engine(settings, writer=True) if engine.dialect.name == "sqlite" else engine

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        with collector.serving():
            yield
        engine.dispose()
        writer.dispose()

    app = FastAPI(
        title="Forecast Ledger",
        version=__version__,
        description=DESCRIPTION,
        openapi_tags=TAGS,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json" if settings.docs else None,
        generate_unique_id_function=_operation_id,
        lifespan=lifespan,
    )
    app.state.settings = settings
    observability.configure_logging(settings.log_format, settings.log_level)
    app.state.pool_metrics = observability.pool_registry(
        {"read": engine, "write": writer} if writer is not engine else {"main": engine}
    )
    app.state.cursors = cursors
    app.state.engine = engine
    app.state.sessions = make_sessionmaker(engine)
    app.state.write_sessions = make_sessionmaker(writer)
    app.state.facet_cache = generations.Cache()
    app.state.scorecard_cache = generations.Cache()
    errors.install(app)

    # Every /v1 request with a key has it checked, so a bad key is a 401 on any route, reads
    # included, and the document says so on each.
    v1 = APIRouter(
        prefix="/v1",
        dependencies=[Depends(reject_unknown_parameters), Depends(get_principal)],
        responses=errors_api.bad_key(),
    )
    for module in (claims, experts, sources, topics, propositions, search_api, exports_api):
        v1.include_router(module.router)
    v1.include_router(badges_router)
    app.include_router(v1)
    app.include_router(health.router)
    app.include_router(metrics_api.router)
    app.include_router(meta.router)
    app.include_router(review.router)
    if settings.docs:
        docs.install(app)
    app.include_router(oembed_router)
    embed.install(app)
    _polished_openapi(app)

    # Added innermost first: a request meets them from the bottom of this list up.
    app.add_middleware(ConditionalGetMiddleware, max_age=settings.cache_max_age)
    app.add_middleware(QueryStringLimitMiddleware, max_bytes=settings.max_query_string)
    app.add_middleware(JsonBodyMiddleware)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    if settings.rate_limits:
        app.add_middleware(
            RateLimitMiddleware,
            reads=settings.rate_limit_reads,
            writes=settings.rate_limit_writes,
            redis_url=settings.redis_url,
        )
    app.add_middleware(HeadAsGetMiddleware)
    app.add_middleware(CorsMiddleware, write_origins=settings.cors_write_origins)
    app.add_middleware(observability.ObservabilityMiddleware)
    app.add_middleware(RequestIdMiddleware)
    app.add_middleware(SecurityHeadersMiddleware, frame_ancestors=settings.embed_frame_ancestors)
    return app
