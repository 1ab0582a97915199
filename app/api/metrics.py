"""`/metrics` for Prometheus (kept out of the OpenAPI document: it is for scrapers, not users)."""

from fastapi import APIRouter, Request
from starlette.responses import Response

from app import observability

router = APIRouter(include_in_schema=False)


@router.get("/metrics")
def metrics(request: Request) -> Response:
    """The process's metrics in the Prometheus text format."""
    return observability.metrics_response(request)
