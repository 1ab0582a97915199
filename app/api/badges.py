"""`/v1/experts/{slug}/badge.svg`: an expert's track record as a shields-style badge."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import Response

from app.api.errors import errors
from app.deps import SessionDep
from app.embed import badge
from app.schemas.common import Slug
from app.services import experts, scorecards

router = APIRouter(prefix="/experts", tags=["experts"])
EXAMPLE = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="254" height="20" role="img"'
    ' aria-label="forecasts: 12 resolved · Brier 0.18 · 4 open">'
    "<title>forecasts: 12 resolved · Brier 0.18 · 4 open</title>…</svg>"
)


@router.get(
    "/{slug}/badge.svg",
    response_class=Response,
    responses={
        200: {
            "description": "An SVG badge, as wide as its text.",
            "content": {"image/svg+xml": {"example": EXAMPLE}},
        },
        **errors(400, 404, 422),
    },
)
def expert_badge(
    request: Request,
    session: SessionDep,
    slug: Annotated[Slug, Path(description="Expert slug.", examples=["gaziz-abishev"])],
    params: Annotated[badge.BadgeQuery, Query()],
) -> Response:
    """A shields-style badge: resolved forecasts, Brier score and open forecasts."""
    expert = experts.get(session, slug)
    cache = request.app.state.scorecard_cache
    card = scorecards.for_expert(session, expert_id=expert["id"], cache=cache)
    text, colour = badge.message(card)
    body = badge.svg(params.label, text, colour, params.style)
    return Response(body, media_type="image/svg+xml; charset=utf-8")
