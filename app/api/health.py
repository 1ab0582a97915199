"""Liveness and readiness probes for load balancers and orchestrators."""

from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from starlette.responses import Response

from app.errors import PROBLEM_JSON, problem
from app.responses import json_response
from app.schemas.common import Problem, problem_example
from app.services import health

router = APIRouter(tags=["operations"])
# A probe must see the process as it is now, never a cached answer.
NO_STORE = {"Cache-Control": "no-store"}


class Health(BaseModel):
    status: Literal["ok"] = Field(description="`ok` when the check passed.")
    database: Literal["ok"] | None = Field(None, description="`ok` when the database answered.")


@router.get(
    "/livez", responses={200: {"content": {"application/json": {"example": {"status": "ok"}}}}}
)
def livez() -> Response:
    """The process is up and answering (no database call).

    For a liveness probe: `200` with `{"status": "ok"}` whenever the process can answer at all,
    whatever the state of the database (`/readyz` checks that)."""
    return json_response({"status": "ok"}, headers=NO_STORE)


@router.get(
    "/readyz",
    response_model=Health,
    responses={
        200: {"content": {"application/json": {"example": {"status": "ok", "database": "ok"}}}},
        503: {
            "model": Problem,
            "description": "The database cannot be reached.",
            "content": {
                PROBLEM_JSON: {
                    "example": problem_example(
                        503, "", "Service Unavailable", "The database cannot be reached."
                    )
                }
            },
        },
    },
)
def readyz(request: Request) -> Response:
    """The database answers a query, so this process can serve traffic."""
    if not health.database_answers(request.app.state.engine):
        return problem(request, 503, detail="The database cannot be reached.", headers=NO_STORE)
    return json_response({"status": "ok", "database": "ok"}, headers=NO_STORE)
