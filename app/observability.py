"""Metrics and logs: Prometheus counters and histograms, and structured logs with a request id.

`/metrics` serves the process's metrics in the Prometheus text format: requests and their
latency by method, route template (never the raw path, so the label set stays bounded) and
status; the connection pools of the app's engines; articles and draft claims ingested. Each
process has its own numbers (several uvicorn workers are scraped one by one).

Logs go through structlog, as one JSON object a line (`FORECASTS_LOG_FORMAT=console` for people),
each line of a request carrying its `request_id`, the same id the client sees in `X-Request-ID`.
Nothing that looks like an API key reaches a log line.
"""

import io
import logging
import re
import sys
import time
from collections.abc import Iterable, Iterator
from typing import Any, Literal, TextIO

import orjson
import structlog
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import Engine
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from structlog.typing import ExcInfo

from app.domain.ingestion import Ingestion

LogFormat = Literal["json", "console"]

REQUESTS = Counter(
    "forecasts_http_requests",
    "HTTP requests answered, by method, route template and status.",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "forecasts_http_request_duration_seconds",
    "Time from the request's arrival to the end of its response body.",
    ["method", "route", "status"],
)
IN_PROGRESS = Gauge(
    "forecasts_http_requests_in_progress",
    "Requests received and not yet answered, by method (what a graceful shutdown waits for).",
    ["method"],
)
SOURCES_INGESTED = Counter(
    "forecasts_ingest_sources",
    "Articles posted for ingestion, by outcome (stored, already_ingested, dry_run).",
    ["outcome"],
)
CLAIMS_INGESTED = Counter("forecasts_ingest_claims", "Draft claims stored by ingestion.")

# A route nobody declared (a 404) is one label value, whatever the path.
UNMATCHED = "unmatched"


def count_ingestion(result: Ingestion) -> None:
    """Count one ingestion by its outcome, and the draft claims it stored."""
    if result.dry_run:
        SOURCES_INGESTED.labels("dry_run").inc()
    elif result.already_ingested:
        SOURCES_INGESTED.labels("already_ingested").inc()
    else:
        SOURCES_INGESTED.labels("stored").inc()
        CLAIMS_INGESTED.inc(len(result.claims))


class PoolCollector(Collector):
    """Gauges read from the engines' connection pools each time `/metrics` is scraped."""

    def __init__(self, engines: dict[str, Engine]) -> None:
        self.engines = engines

    def collect(self) -> Iterable[Metric]:
        gauges = {
            "size": GaugeMetricFamily(
                "forecasts_db_pool_size", "Connections the pool keeps.", labels=["pool"]
            ),
            "checkedout": GaugeMetricFamily(
                "forecasts_db_pool_checked_out", "Connections in use.", labels=["pool"]
            ),
            "checkedin": GaugeMetricFamily(
                "forecasts_db_pool_idle", "Open connections not in use.", labels=["pool"]
            ),
            "overflow": GaugeMetricFamily(
                "forecasts_db_pool_overflow", "Connections beyond the pool's size.", labels=["pool"]
            ),
        }
        for name, engine in self.engines.items():
            for reading, gauge in gauges.items():
                value = getattr(engine.pool, reading, None)
                if callable(value):  # pools without a queue (in-memory SQLite) have none
                    gauge.add_metric([name], float(value()))
        yield from gauges.values()


def pool_registry(engines: dict[str, Engine]) -> CollectorRegistry:
    """A registry of this app's pools, apart from the process-wide one (tests build many apps)."""
    registry = CollectorRegistry(auto_describe=True)
    registry.register(PoolCollector(engines))
    return registry


def metrics_response(request: Request) -> Response:
    """The process-wide metrics and this app's pools, in the Prometheus text format."""
    body = generate_latest(REGISTRY) + generate_latest(request.app.state.pool_metrics)
    return Response(body, media_type=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"})


def route_template(scope: Scope) -> str:
    """The template of the route that answered (`/v1/claims/{claim_id}`), from the matched
    route's own template and as many leading segments of the path as its routers' prefixes."""
    template = getattr(scope.get("route"), "path", None)
    if isinstance(template, str) and ":path}" not in template:
        segments = scope["path"].split("/")
        prefix = "/".join(segments[: len(segments) - template.count("/")])
        return prefix + template or "/"
    if scope.get("root_path"):  # a mounted app (static files): its mount point
        return f"{scope['root_path']}/{{path}}"
    return UNMATCHED


# Each (method, route template, status)'s counter and histogram, looked up once: the label
# set is bounded (route templates, not paths), and `labels()` takes a lock and builds a key.
_SERIES: dict[tuple[str, str, int], tuple[Any, Any]] = {}


def _series(method: str, route: str, status: int) -> tuple[Any, Any]:
    found = _SERIES.get((method, route, status))
    if found is None:
        labels = (method, route, str(status))
        found = _SERIES[(method, route, status)] = (
            REQUESTS.labels(*labels),
            LATENCY.labels(*labels),
        )
    return found


_IN_PROGRESS: dict[str, Any] = {}


def _in_progress(method: str) -> Any:
    found = _IN_PROGRESS.get(method)
    if found is None:
        found = _IN_PROGRESS[method] = IN_PROGRESS.labels(method)
    return found


class ObservabilityMiddleware:
    """Per request: bind the request id to every log line, count and time the answer, log it.

    It sits inside `RequestIdMiddleware` (which chose the id) and outside everything else, so
    refusals by the limits (413, 414, 429) are counted and timed too.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.log = structlog.get_logger("app.access")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=scope.get("state", {}).get("request_id"))
        # Read before the call: HeadAsGetMiddleware answers HEAD as the GET it stands for.
        method, started, status = scope["method"], time.perf_counter(), 500

        async def observed(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        in_progress = _in_progress(method)
        in_progress.inc()
        try:
            await self.app(scope, receive, observed)
        finally:
            in_progress.dec()
            elapsed = time.perf_counter() - started
            route = route_template(scope)
            counted, timed = _series(method, route, status)
            counted.inc()
            timed.observe(elapsed)
            self.log.info(
                "request",
                method=method,
                path=scope["path"],
                route=route,
                status=status,
                duration_ms=round(elapsed * 1000, 2),
            )


# `fl_<prefix>_<secret>` (app.services.keys) and whatever follows a Bearer scheme.
_SECRETS = re.compile(r"fl_[0-9a-f]+_[A-Za-z0-9_-]+|(?i:bearer)\s+\S+")


def _redacted(value: Any) -> Any:
    if isinstance(value, str):
        return _SECRETS.sub("[redacted]", value)
    return value


def redact_secrets(_logger: Any, _method: str, event: dict[str, Any]) -> dict[str, Any]:
    """A structlog processor: API keys are replaced wherever they appear in a line."""
    return {name: _redacted(value) for name, value in event.items()}


def _redacted_traceback(out: TextIO, exc_info: ExcInfo) -> None:
    # The console renderer formats a traceback after the processors ran, and an exception's
    # text can quote what a request carried (a database error quotes its statement's values).
    text = io.StringIO()
    structlog.dev.plain_traceback(text, exc_info)
    out.write(_redacted(text.getvalue()))


def _shared() -> list[Any]:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.PositionalArgumentsFormatter(),
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]


def _json_line(event: dict[str, Any], **_: Any) -> str:
    # orjson, like the responses: the stdlib's encoder was a sixth of an access line's cost.
    return orjson.dumps(event, default=repr).decode()


def _renderers(log_format: LogFormat) -> Iterator[Any]:
    yield structlog.stdlib.ProcessorFormatter.remove_processors_meta
    if log_format == "console":
        yield redact_secrets
        yield structlog.dev.ConsoleRenderer(colors=False, exception_formatter=_redacted_traceback)
        return
    yield structlog.processors.format_exc_info
    yield redact_secrets
    yield structlog.processors.JSONRenderer(serializer=_json_line)


class _Handler(logging.StreamHandler[Any]):
    """The service's own handler, so configuring again replaces it rather than adding one.
    It writes to whatever `sys.stderr` is at the time (test runners swap it)."""

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def configure_logging(log_format: LogFormat = "json", level: str = "INFO") -> None:
    """Route structlog and the standard library's loggers (uvicorn's too) to stderr as JSON
    lines or console text. Idempotent: each app built in one process reconfigures the same."""
    structlog.configure(
        processors=[*_shared(), structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )
    handler = _Handler()
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=_shared(), processors=list(_renderers(log_format))
        )
    )
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _Handler)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers.clear()  # theirs would print every line twice
        # app.access logs each request with its route and id; uvicorn's own line adds nothing.
        logging.getLogger(name).propagate = name != "uvicorn.access"
