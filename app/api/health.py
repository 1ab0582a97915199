"""Liveness and readiness probes for load balancers and orchestrators."""

from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from sqlalchemy import text
from starlette.responses import Response

from app.api.responses import json_response
from app.errors import PROBLEM_JSON, problem
from app.schemas.common import Problem, problem_example

router = APIRouter(tags=["operations"])


class Health(BaseModel):
    status: Literal["ok"] = Field(description="`ok` when the check passed.")
    database: Literal["ok"] | None = Field(None, description="`ok` when the database answered.")


@router.get(
    "/livez", responses={200: {"content": {"application/json": {"example": {"status": "ok"}}}}}
)
def livez() -> Response:
    """The process is up and answering (no database call)."""
    return json_response({"status": "ok"})


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
    try:
        with request.app.state.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:  # any failure to reach the database means "not ready"
        return problem(request, 503, detail="The database cannot be reached.")
    return json_response({"status": "ok", "database": "ok"})
