"""`/v1/experts`: who makes the claims, and each one's claims."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import Response

from app.api import examples, representations
from app.api.claims import claims_page
from app.api.errors import errors
from app.api.paging import base_url, envelope, resume
from app.api.responses import json_response
from app.deps import CursorsDep, SessionDep
from app.filters import equals
from app.models import Claim
from app.schemas.claims import ClaimFilters, ClaimPage
from app.schemas.common import Slug
from app.schemas.experts import ExpertPage, ExpertQuery, ExpertRead
from app.services import experts

router = APIRouter(prefix="/experts", tags=["experts"])


class _OneExpert(ClaimFilters):
    """The claims filters narrowed to one expert by the path, not by a query parameter."""

    expert_id: Annotated[int, equals(Claim.expert_id)]


ExpertSlug = Annotated[Slug, Path(description="Expert slug.", examples=["gaziz-abishev"])]


@router.get(
    "", response_model=ExpertPage, responses={200: examples.EXPERT_PAGE, **errors(400, 422)}
)
def list_experts(
    request: Request,
    session: SessionDep,
    cursors: CursorsDep,
    params: Annotated[ExpertQuery, Query()],
) -> Response:
    """List experts: people, organisations and unnamed groups who make claims."""
    sort, after = resume(params, experts.SORTS, cursors)
    rows, next_after, total = experts.list_(session, params, sort=sort, after=after)
    items = [representations.expert(row, base=base_url(request)) for row in rows]
    return json_response(
        envelope(request, items, cursors=cursors, sort=sort, after=next_after, count=total)
    )


@router.get(
    "/{slug}", response_model=ExpertRead, responses={200: examples.EXPERT, **errors(400, 404, 422)}
)
def get_expert(request: Request, session: SessionDep, slug: ExpertSlug) -> Response:
    """Get one expert, with the number of their claims by kind."""
    row = experts.get(session, slug)
    counts = experts.claim_counts(session, row["id"])
    return json_response(representations.expert(row, base=base_url(request), counts=counts))


@router.get(
    "/{slug}/claims",
    response_model=ClaimPage,
    responses={200: examples.CLAIM_PAGE, **errors(400, 404, 422)},
)
def list_expert_claims(
    request: Request,
    session: SessionDep,
    cursors: CursorsDep,
    slug: ExpertSlug,
    params: Annotated[ClaimFilters, Query()],
) -> Response:
    """List one expert's claims; takes every filter of `/v1/claims` but `expert`."""
    expert = experts.get(session, slug)
    scoped = _OneExpert(**params.model_dump(exclude_unset=True), expert_id=expert["id"])
    return claims_page(request, session, cursors, scoped)
