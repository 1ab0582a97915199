"""The error responses each operation documents, with problem-details examples."""

from typing import Any

from app.errors import PROBLEM_JSON
from app.schemas.common import Problem, problem_example

_EXAMPLES = {
    400: problem_example(
        400,
        "invalid-parameter",
        "Invalid query parameter",
        "Unknown query parameter(s): colour. This route accepts: …",
    ),
    404: problem_example(404, "not-found", "Not found", "There is no claim 9999."),
    422: {
        **problem_example(
            422,
            "validation-error",
            "Request validation failed",
            "limit: Input should be less than or equal to 200",
        ),
        "errors": [
            {
                "location": "query",
                "field": "limit",
                "type": "less_than_equal",
                "message": "Input should be less than or equal to 200",
            }
        ],
    },
}
_EXAMPLES |= {
    401: problem_example(
        401,
        "unauthorized",
        "Authentication required",
        "This operation needs an API key with the `write` scope.",
    ),
    403: problem_example(
        403, "forbidden", "Not allowed for this key", "This key lacks the `write` scope."
    ),
    409: problem_example(
        409, "conflict", "Conflict with the current state", "The slug 'gaziz-abishev' is taken."
    ),
    412: problem_example(
        412,
        "precondition-failed",
        "The resource has changed",
        "Claim 10 is at version 3, not 2; GET it again and reapply.",
    ),
    413: problem_example(
        413, "payload-too-large", "Request body too large", "The body is larger than 1048576 bytes."
    ),
    428: problem_example(
        428,
        "precondition-required",
        "If-Match required",
        "Send `If-Match` with the ETag of the version you are changing.",
    ),
    429: problem_example(
        429,
        "rate-limited",
        "Too many requests",
        "More than 60 writes per 1 minute; retry after 12 s.",
    ),
}
_EXAMPLES |= {
    414: problem_example(
        414, "uri-too-long", "URI Too Long", "The query string is longer than 4096 bytes."
    ),
    415: problem_example(
        415,
        "unsupported-media-type",
        "Unsupported Media Type",
        "The body is text/plain; this operation takes application/json.",
    ),
    503: problem_example(
        503,
        "busy",
        "Busy, try again",
        "The database was busy with a conflicting change; nothing was written.",
    ),
}
_DESCRIPTIONS = {
    400: "Unknown query parameter, or a cursor this service did not issue.",
    401: "No API key, or a malformed, unknown or revoked one.",
    403: "The key lacks the scope this operation needs.",
    404: "No such resource.",
    409: "The request conflicts with what is stored (a taken slug, a forbidden review step).",
    412: "`If-Match` names a version that is no longer current.",
    413: "The request body is larger than the service accepts.",
    422: "A parameter or body field has an invalid value; `errors` lists each one.",
    428: "The operation changes a record and needs `If-Match`.",
    429: "Too many requests from this client; see `Retry-After`.",
    414: "The query string is longer than the service accepts.",
    415: "The body is not JSON (`Content-Type: application/json`).",
    503: "The database was busy; nothing was done. Send again after `Retry-After` seconds.",
}
WRITE = (400, 401, 403, 409, 413, 422, 429)
EDIT = (*WRITE, 404, 412, 428)


def documented(status: int) -> dict[str, Any]:
    """One error response as the OpenAPI document states it (for statuses that middleware
    answers on every operation, added to the document rather than to each route)."""
    return {
        "description": _DESCRIPTIONS[status],
        "content": {
            PROBLEM_JSON: {
                "schema": {"$ref": "#/components/schemas/Problem"},
                "example": _EXAMPLES[status],
            }
        },
    }


def bad_key() -> dict[int | str, dict[str, Any]]:
    """The 401 of any /v1 operation, reads included: a key sent is checked, wherever it goes."""
    return {
        401: {
            "model": Problem,
            "description": "A malformed, unknown or revoked API key (reads need none).",
            "content": {
                PROBLEM_JSON: {
                    "example": _EXAMPLES[401] | {"detail": "The API key is unknown or revoked."}
                }
            },
        }
    }


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for FastAPI: the given statuses as problem+json with an example each."""
    return {
        status: {
            "model": Problem,
            "description": _DESCRIPTIONS[status],
            "content": {PROBLEM_JSON: {"example": _EXAMPLES[status]}},
        }
        for status in statuses
    }
