"""The service index at `/` and the explanations that problem `type` URIs point to."""

from fastapi import APIRouter, Request
from starlette.responses import Response

from app.api.paging import base_url
from app.errors import NotFoundError
from app.responses import json_response

router = APIRouter(include_in_schema=False)

PROBLEMS = {
    "invalid-parameter": "A query parameter is unknown to the route, or a cursor was not issued "
    "by this service. The `detail` names the parameter and what the route accepts.",
    "validation-error": "A parameter or body field has a value of the wrong type or range. "
    "`errors` lists each one with its location, field path and message.",
    "not-found": "The resource named in the path does not exist, no route matches the path, or"
    " a filter names something that does not exist (`topic=nonexistent`, `expert=nobody`):"
    " `errors` names each such value. A filter whose values all exist but match nothing is an"
    " empty list, not a 404.",
    "method-not-allowed": "The path exists but does not take this HTTP method; `Allow` lists"
    " the ones it takes.",
    "invalid-export": "The file is not a complete NDJSON export of this service (cut short,"
    " edited out of shape, or in conflict with what is stored); nothing was imported.",
    "internal-error": "The service failed on its side; the `X-Request-ID` of the answer finds"
    " it in the logs. Nothing you sent caused it, and nothing was written.",
    "unavailable": "The database cannot be reached; try again shortly.",
    "request-uri-too-long": "The query string is longer than the service accepts"
    " (`FORECASTS_MAX_QUERY_STRING`); send fewer or shorter parameters.",
    "invalid-header": "A request header has a value the service cannot use.",
    "unauthorized": "No API key, or a malformed, unknown or revoked one: send a valid key as"
    " `Authorization: Bearer <key>`.",
    "forbidden": "The key lacks the scope the operation needs.",
    "conflict": "The request conflicts with what is stored: a taken slug, a forbidden review"
    " step, an edit to a retracted claim.",
    "precondition-failed": "`If-Match` names a version that is no longer current: GET the record"
    " again and reapply the change.",
    "precondition-required": "The operation changes a record and needs `If-Match`.",
    "payload-too-large": "The request body is larger than the service accepts.",
    "rate-limited": "Too many requests from this client; wait `Retry-After` seconds.",
    "moved": "The expert was merged into another one (`POST /v1/experts/{slug}/merge`); the"
    " old slug answers with a 308 whose `Location` is the same path under the expert it became.",
    "busy": "The database was busy with a conflicting change; nothing was written. Send again.",
    "query-timeout": "A query ran past the service's time limit"
    " (`FORECASTS_STATEMENT_TIMEOUT_MS`) and was stopped; nothing was written. Narrow the"
    " request, or wait `Retry-After` seconds and send it again.",
}


@router.get("/")
def index(request: Request) -> Response:
    """Where to go from here."""
    base = base_url(request)
    docs = {"docs": f"{base}/docs", "redoc": f"{base}/redoc", "openapi": f"{base}/openapi.json"}
    return json_response(
        {
            "name": request.app.title,
            "version": request.app.version,
            **(docs if request.app.openapi_url else {}),
            "resources": {
                name: f"{base}/v1/{name}" for name in ("claims", "experts", "sources", "topics")
            },
        }
    )


@router.get("/problems/{slug}")
def problem_type(slug: str) -> Response:
    """What a problem `type` means."""
    if slug not in PROBLEMS:
        raise NotFoundError(f"There is no problem type '{slug}'.")
    return json_response({"type": f"/problems/{slug}", "description": PROBLEMS[slug]})
