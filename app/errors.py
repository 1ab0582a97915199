"""One error hierarchy and one JSON shape: RFC 9457 problem details.

Services raise `AppError` subclasses; FastAPI's own validation and routing errors are turned into
the same shape here, so every 4xx a client sees is `application/problem+json`. Unexpected errors
become a 500 of the same shape in `app.middleware.RequestIdMiddleware`, which logs them.
"""

from http import HTTPStatus
from typing import Any

import orjson
from fastapi import FastAPI, Request, routing
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.routing import compile_path

PROBLEM_JSON = "application/problem+json"
# Relative problem types resolve against the service itself; `/problems/{slug}` explains each.
PROBLEM_BASE = "/problems/"


class AppError(Exception):
    """Base of every error the service reports on purpose."""

    status: int = 400
    slug: str = "bad-request"
    title: str = "Bad request"

    def __init__(
        self,
        detail: str,
        *,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors
        self.headers = headers


class MovedError(AppError):
    """The expert slug in the path was merged into another expert: a 308 to the same path with
    the new slug (so the method and body are kept)."""

    status, slug, title = 308, "moved", "Merged into another expert"

    def __init__(self, old: str, new: str) -> None:
        super().__init__(f"The expert '{old}' was merged into '{new}'; it answers there.")
        self.old, self.new = old, new

    def location(self, request: Request) -> str:
        path = request.url.path.replace(f"/experts/{self.old}", f"/experts/{self.new}", 1)
        return f"{path}?{request.url.query}" if request.url.query else path


class InvalidParameterError(AppError):
    status, slug, title = 400, "invalid-parameter", "Invalid query parameter"


class InvalidHeaderError(AppError):
    status, slug, title = 400, "invalid-header", "Invalid request header"


class UnauthorizedError(AppError):
    status, slug, title = 401, "unauthorized", "Authentication required"

    def __init__(self, detail: str) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": 'Bearer realm="forecast-ledger"'})


class ForbiddenError(AppError):
    status, slug, title = 403, "forbidden", "Not allowed for this key"


class NotFoundError(AppError):
    status, slug, title = 404, "not-found", "Not found"


class ConflictError(AppError):
    status, slug, title = 409, "conflict", "Conflict with the current state"


class PreconditionFailedError(AppError):
    status, slug, title = 412, "precondition-failed", "The resource has changed"


class PayloadTooLargeError(AppError):
    status, slug, title = 413, "payload-too-large", "Request body too large"


class ValidationFailedError(AppError):
    status, slug, title = 422, "validation-error", "Request validation failed"


class PreconditionRequiredError(AppError):
    status, slug, title = 428, "precondition-required", "If-Match required"


class TooManyRequestsError(AppError):
    status, slug, title = 429, "rate-limited", "Too many requests"


def problem(
    request: Request,
    status: int,
    *,
    slug: str | None = None,
    title: str | None = None,
    detail: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + (slug or status_slug(status)),
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail or HTTPStatus(status).description,
        "instance": request.url.path,
    }
    if errors is not None:
        body["errors"] = errors
    return Response(orjson.dumps(body), status, headers=headers, media_type=PROBLEM_JSON)


def status_slug(status: int) -> str:
    """The problem type of an HTTP status no `AppError` names: `method-not-allowed` for 405."""
    return _STATUS_SLUGS.get(status) or HTTPStatus(status).phrase.lower().replace(" ", "-")


_STATUS_SLUGS = {500: "internal-error", 503: "unavailable"}

# What a value must look like, in words, for each pattern a field uses (a regex helps nobody).
PATTERN_HINTS = {
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$": "slugs are lowercase letters, digits and hyphens,"
    " e.g. `russia` or `gaziz-abishev`",
    r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$": "a language is a BCP 47 tag, e.g. `en` or `ru-RU`",
    r"^[A-Z]{2}$": "a country is two capital letters (ISO 3166), e.g. `KZ`",
    r"^[^\x00-\x1f\x7f]*$": "control characters are not allowed",
}
# Pydantic's prefixes on messages from validators, which say nothing to a user.
_PREFIXES = ("Value error, ", "Assertion failed, ")


def message(error: Any) -> str:
    """A validation error in a user's words: no pydantic prefix, a hint instead of a regex."""
    text = str(error.get("msg", ""))
    for prefix in _PREFIXES:
        text = text.removeprefix(prefix)
    if error.get("type") == "string_pattern_mismatch":
        pattern = str((error.get("ctx") or {}).get("pattern", ""))
        hint = PATTERN_HINTS.get(pattern, "it is not in the expected form")
        text = f"{error.get('input')!r} is not accepted: {hint}"
    return text


def field_path(loc: list[Any]) -> str:
    """The dotted path of a field, without list positions (`topic`, not `topic.0`): the
    message names the value at fault."""
    return ".".join(str(part) for part in loc if not isinstance(part, int))


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for error in exc.errors():
        loc = list(error.get("loc", ()))
        out.append(
            {
                "location": str(loc[0]) if loc else "",
                "field": field_path(loc[1:]),
                "message": message(error),
                "type": error.get("type", ""),
            }
        )
    return out


async def _app_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, AppError)
    headers = exc.headers
    if isinstance(exc, MovedError):
        headers = {"Location": exc.location(request)}
    return problem(
        request,
        exc.status,
        slug=exc.slug,
        title=exc.title,
        detail=exc.detail,
        errors=exc.errors,
        headers=headers,
    )


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = _validation_errors(exc)
    detail = "; ".join(f"{e['field'] or e['location']}: {e['message']}" for e in errors)
    return problem(
        request,
        422,
        slug="validation-error",
        title="Request validation failed",
        detail=detail,
        errors=errors,
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else None
    if exc.status_code == 413:  # raised while reading a chunked body (BodyLimitMiddleware)
        return problem(
            request,
            413,
            slug=PayloadTooLargeError.slug,
            title=PayloadTooLargeError.title,
            detail=detail,
        )
    headers = dict(exc.headers or {})
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"No route matches {request.method} {request.url.path}."
    if exc.status_code == 405:
        # Starlette names only the methods of the first route on the path; RFC 9110 wants all.
        allowed = allowed_methods(request)
        headers["Allow"] = ", ".join(allowed)
        detail = f"{request.url.path} answers {', '.join(allowed)}, not {request.method}."
    return problem(request, exc.status_code, detail=detail, headers=headers)


def allowed_methods(request: Request) -> list[str]:
    """Every method some route of the app answers on this request's path (HEAD with GET)."""
    literal: set[str] = set()
    templated: set[str] = set()
    for context in routing.iter_route_contexts(request.app.routes):
        route, path = context.original_route, context.path
        if isinstance(route, APIRoute) and path and compile_path(path)[0].match(request.url.path):
            (templated if "{" in path else literal).update(route.methods or ())
    # `/v1/claims/facets` is its own resource, not the claim `facets` of `/v1/claims/{claim_id}`.
    methods = literal or templated
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods)


# Deadlock, serialization failure, lock wait past `lock_timeout` (PostgreSQL), lock wait past
# `busy_timeout` (SQLite): the request did nothing and may simply be sent again.
_RETRIABLE_SQLSTATES = {"40P01", "40001", "55P03"}
# A statement stopped by the time limit: `statement_timeout` (PostgreSQL), the progress handler
# of app.statement_limit (SQLite).
_CANCELLED_SQLSTATE, _INTERRUPTED = "57014", "interrupted"


def _retriable(exc: DBAPIError) -> bool:
    if getattr(exc.orig, "sqlstate", None) in _RETRIABLE_SQLSTATES:
        return True
    return "database is locked" in str(exc.orig)


def _timed_out(exc: DBAPIError) -> bool:
    if getattr(exc.orig, "sqlstate", None) == _CANCELLED_SQLSTATE:
        return True
    return str(exc.orig) == _INTERRUPTED


async def _database_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DBAPIError)
    if _timed_out(exc):
        return problem(
            request,
            503,
            slug="query-timeout",
            title="Query time limit reached",
            detail="The query ran longer than the service allows and was stopped; nothing was"
            " written. Narrow it (fewer values, a smaller `limit`) or try again later.",
            headers={"Retry-After": "5"},
        )
    if not _retriable(exc):
        raise exc
    return _busy(request)


async def _pool_timeout(request: Request, _exc: Exception) -> Response:
    # No connection came free within the budget: every one is busy with other requests.
    return _busy(request)


def _busy(request: Request) -> Response:
    return problem(
        request,
        503,
        slug="busy",
        title="Busy, try again",
        detail="The database was busy with a conflicting change; nothing was written."
        " Send the request again.",
        headers={"Retry-After": "1"},
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(DBAPIError, _database_error)
    app.add_exception_handler(PoolTimeoutError, _pool_timeout)
