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
_DESCRIPTIONS = {
    400: "Unknown query parameter, or a cursor this service did not issue.",
    404: "No such resource.",
    422: "A parameter has an invalid value; `errors` lists each one.",
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
