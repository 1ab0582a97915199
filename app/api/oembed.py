"""`/oembed`: oEmbed 1.0 for the embed pages, so a pasted link becomes the widget."""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import Field
from starlette.responses import Response

from app.api.errors import errors
from app.api.paging import base_url
from app.deps import reject_unknown_parameters
from app.embed import oembed
from app.errors import NotFoundError, problem
from app.responses import json_response
from app.schemas.common import QueryModel

router = APIRouter(tags=["embedding"], dependencies=[Depends(reject_unknown_parameters)])
EXAMPLE = {
    "version": "1.0",
    "type": "rich",
    "title": "Forecast Ledger: claims",
    "provider_name": "Forecast Ledger",
    "provider_url": "http://127.0.0.1:8000/",
    "html": '<iframe src="http://127.0.0.1:8000/embed/claims?topic=russia" width="600"'
    ' height="640" title="Forecast Ledger: claims" style="border:0" loading="lazy"'
    " data-forecast-embed></iframe>",
    "width": 600,
    "height": 640,
    "cache_age": 3600,
}


class OEmbedQuery(QueryModel):
    url: str = Field(
        max_length=2000,
        description="An embed page of this service, e.g. `/embed/claims?topic=russia`.",
    )
    maxwidth: int | None = Field(None, ge=50, le=4000, description="Widest the iframe may be.")
    maxheight: int | None = Field(None, ge=50, le=4000, description="Tallest it may be.")
    format: Literal["json", "xml"] = Field("json", description="Only `json` is served.")


@router.get(
    "/oembed",
    responses={
        200: {
            "description": "An oEmbed 1.0 `rich` response.",
            "content": {"application/json": {"example": EXAMPLE}},
        },
        **errors(400, 404, 422),
        501: {
            "description": "`format=xml`: only JSON is served.",
            "content": {"application/problem+json": {}},
        },
    },
)
def oembed_page(request: Request, params: Annotated[OEmbedQuery, Query()]) -> Response:
    """oEmbed for an embed page: the iframe HTML, its size, title and provider."""
    if params.format == "xml":
        return problem(request, 501, detail="Only format=json is served (oEmbed 1.0 §2.3.4).")
    base = base_url(request)
    if not oembed.is_ours(params.url, base):
        raise NotFoundError(f"{params.url} is not an embed page of {base}.")
    return json_response(oembed.describe(params.url, base, params.maxwidth, params.maxheight))
