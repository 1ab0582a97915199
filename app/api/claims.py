"""`/v1/claims`: the forecasts, assessments and prescriptions, filtered, sorted and paged."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import Response

from app.api import examples, representations
from app.api.errors import errors
from app.api.paging import base_url, envelope, resume
from app.api.responses import json_response
from app.deps import CursorsDep, SessionDep
from app.schemas.claims import (
    ClaimDetailQuery,
    ClaimFilters,
    ClaimPage,
    ClaimQuery,
    ClaimRead,
)
from app.schemas.common import Id
from app.services import claims

router = APIRouter(prefix="/claims", tags=["claims"])

ClaimId = Annotated[Id, Path(description="Claim id.", examples=[10])]


@router.get(
    "",
    response_model=ClaimPage,
    responses={200: examples.CLAIM_PAGE, **errors(400, 422)},
)
def list_claims(
    request: Request,
    session: SessionDep,
    cursors: CursorsDep,
    params: Annotated[ClaimQuery, Query()],
) -> Response:
    """List claims, newest first, with every filter of the claims table."""
    return claims_page(request, session, cursors, params)


@router.get(
    "/{claim_id}",
    response_model=ClaimRead,
    responses={200: examples.CLAIM, **errors(400, 404, 422)},
)
def get_claim(
    request: Request,
    session: SessionDep,
    claim_id: ClaimId,
    params: Annotated[ClaimDetailQuery, Query()],
) -> Response:
    """Get one claim with its quote, span, confidence band and horizon."""
    result = claims.get(session, claim_id)
    items = representations.claims(
        result, base=base_url(request), include=frozenset(params.include), fields=frozenset()
    )
    return json_response(items[0])


def claims_page(
    request: Request, session: SessionDep, cursors: CursorsDep, params: ClaimFilters
) -> Response:
    """The claims list shared by `/v1/claims` and `/v1/experts/{slug}/claims`."""
    sort, after = resume(params, claims.SORTS, cursors)
    fields = frozenset(params.fields)
    result = claims.list_(
        session, params, sort=sort, after=after, with_topics=not fields or "topics" in fields
    )
    items = representations.claims(
        result, base=base_url(request), include=frozenset(params.include), fields=fields
    )
    return json_response(
        envelope(request, items, cursors=cursors, sort=sort, after=result.after, count=result.count)
    )
