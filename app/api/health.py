"""Liveness and readiness probes for load balancers and orchestrators."""

from fastapi import APIRouter, Request
from sqlalchemy import text
from starlette.responses import Response

from app.api.responses import json_response
from app.errors import problem

router = APIRouter(tags=["operations"])


@router.get(
    "/livez", responses={200: {"content": {"application/json": {"example": {"status": "ok"}}}}}
)
def livez() -> Response:
    """The process is up and answering (no database call)."""
    return json_response({"status": "ok"})


@router.get(
    "/readyz",
    responses={
        200: {"content": {"application/json": {"example": {"status": "ok", "database": "ok"}}}},
        503: {"description": "The database cannot be reached."},
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
