"""`/v1/experts`: who makes the claims, and each one's claims."""

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, Request
from starlette.responses import Response

from app import representations
from app.api import examples, history
from app.api.claims import IdempotencyKey, IfMatch, claims_page
from app.api.errors import EDIT, WRITE, errors
from app.api.idempotency import idempotently
from app.api.paging import base_url, envelope, resume
from app.deps import CursorsDep, PrincipalDep, SessionDep, WriterDep
from app.filters import equals
from app.models import Claim
from app.responses import expected_version, json_response
from app.schemas.claims import ClaimFilters, ClaimPage
from app.schemas.common import Slug
from app.schemas.experts import (
    ExpertCreate,
    ExpertMerge,
    ExpertPage,
    ExpertQuery,
    ExpertRead,
    ExpertUpdate,
    ScorecardQuery,
)
from app.schemas.scorecards import ScorecardRead
from app.services import expert_merges, experts, scorecards

router = APIRouter(prefix="/experts", tags=["experts"])

ExpertSlug = Annotated[Slug, Path(description="Expert slug.", examples=["gaziz-abishev"])]
# A merged expert's slug answers with a redirect to the expert it became.
MOVED: dict[int | str, dict[str, Any]] = {
    308: {
        "description": "This expert was merged into another; `Location` is this path under the"
        " other expert's slug.",
        "headers": {"Location": {"schema": {"type": "string"}, "description": "Where it is."}},
    }
}


class _OneExpert(ClaimFilters):
    """The claims filters narrowed to one expert by the path, not by a query parameter."""

    expert_id: Annotated[int, equals(Claim.expert_id)]


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
    "/{slug}",
    response_model=ExpertRead,
    responses={200: examples.EXPERT, **MOVED, **errors(400, 404, 422)},
)
def get_expert(request: Request, session: SessionDep, slug: ExpertSlug) -> Response:
    """Get one expert, with the number of their published claims by kind."""
    return _expert(request, session, slug)


@router.post(
    "",
    status_code=201,
    response_model=ExpertRead,
    responses={201: examples.EXPERT, **errors(*WRITE)},
)
def create_expert(
    request: Request,
    session: SessionDep,
    writer: WriterDep,
    body: Annotated[ExpertCreate, Body()],
    _key: IdempotencyKey = None,
) -> Response:
    """Add an expert: a person, an organisation or an unnamed group."""

    def make() -> Response:
        expert = experts.create(session, values=body.model_dump(), actor=writer)
        created = _expert(request, session, expert.slug, status=201)
        created.headers["Location"] = f"{base_url(request)}/v1/experts/{expert.slug}"
        return created

    return idempotently(request, session, writer, body, make)


@router.patch(
    "/{slug}",
    response_model=ExpertRead,
    responses={200: examples.EXPERT, **MOVED, **errors(*EDIT)},
)
def update_expert(
    request: Request,
    session: SessionDep,
    writer: WriterDep,
    slug: ExpertSlug,
    body: Annotated[ExpertUpdate, Body()],
    if_match: IfMatch = None,
) -> Response:
    """Change some of an expert's fields, given the expert's current ETag."""
    expected = expected_version(if_match)
    values = body.model_dump(exclude_unset=True)
    experts.update(session, slug=slug, values=values, expected=expected, actor=writer)
    return _expert(request, session, slug)


@router.post(
    "/{slug}/merge",
    response_model=ExpertRead,
    responses={
        200: {"description": "The expert merged into, with the claims it gained."}
        | examples.EXPERT,
        **MOVED,
        **errors(*EDIT),
    },
)
def merge_expert(
    request: Request,
    session: SessionDep,
    writer: WriterDep,
    slug: ExpertSlug,
    body: Annotated[ExpertMerge, Body()],
    if_match: IfMatch = None,
) -> Response:
    """Merge this expert into another (the same person twice): claims move, names become
    aliases, and this slug redirects (308) to the other expert. Needs this expert's ETag."""
    expected = expected_version(if_match)
    target = expert_merges.merge(
        session, slug=slug, into=body.into, expected=expected, actor=writer
    )
    return _expert(request, session, target.slug)


@router.get(
    "/{slug}/claims",
    response_model=ClaimPage,
    responses={200: examples.CLAIM_PAGE, **MOVED, **errors(400, 404, 422)},
)
def list_expert_claims(
    request: Request,
    session: SessionDep,
    cursors: CursorsDep,
    principal: PrincipalDep,
    slug: ExpertSlug,
    params: Annotated[ClaimFilters, Query()],
) -> Response:
    """List one expert's claims; takes every filter of `/v1/claims` but `expert`."""
    expert = experts.get(session, slug)
    scoped = _OneExpert(**params.model_dump(exclude_unset=True), expert_id=expert["id"])
    return claims_page(request, session, cursors, scoped, principal)


@router.get(
    "/{slug}/history",
    response_model=history.HistoryPage,
    responses={200: examples.HISTORY, **MOVED, **errors(400, 404, 422)},
)
def expert_history(
    request: Request,
    session: SessionDep,
    cursors: CursorsDep,
    slug: ExpertSlug,
    params: Annotated[history.HistoryQuery, Query()],
) -> Response:
    """Every change to an expert, oldest first, with the key that made it."""
    expert = experts.get(session, slug)
    return history.page(request, session, cursors, params, entity="expert", entity_id=expert["id"])


@router.get(
    "/{slug}/scorecard",
    response_model=ScorecardRead,
    responses={200: examples.SCORECARD, **MOVED, **errors(400, 404, 422)},
)
def expert_scorecard(
    request: Request,
    session: SessionDep,
    slug: ExpertSlug,
    params: Annotated[ScorecardQuery, Query()],
) -> Response:
    """An expert's track record: Brier and log scores, calibration, counts of what is open."""
    expert = experts.get(session, slug)
    card = scorecards.for_expert(
        session,
        expert_id=expert["id"],
        as_of=params.as_of,
        topic=params.topic,
        cache=request.app.state.scorecard_cache,
    )
    return json_response({"expert": slug, **card})


def _expert(request: Request, session: SessionDep, slug: str, status: int = 200) -> Response:
    row = experts.get(session, slug)
    counts = experts.claim_counts(session, row["id"])
    body = representations.expert(row, base=base_url(request), counts=counts)
    return json_response(body, status, version=row["version"])
