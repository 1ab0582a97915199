"""`/v1/claims`: the forecasts, assessments and prescriptions; read freely, written with a key."""

from typing import Annotated

from fastapi import APIRouter, Body, Header, Path, Query, Request
from starlette.responses import Response

from app.api import examples, history, representations
from app.api.errors import EDIT, WRITE, errors
from app.api.idempotency import idempotently
from app.api.paging import base_url, envelope, resume
from app.api.representations import represent_resolution
from app.api.responses import expected_version, json_response
from app.deps import CursorsDep, PrincipalDep, ResolverDep, SessionDep, WriterDep
from app.schemas.claim_inputs import ClaimCreate, ClaimUpdate
from app.schemas.claims import ClaimDetailQuery, ClaimFilters, ClaimPage, ClaimQuery, ClaimRead
from app.schemas.common import Id
from app.schemas.propositions import ResolutionCreate, ResolutionList, ResolutionRead
from app.services import claim_writes, claims, resolutions
from app.services.keys import Principal

router = APIRouter(prefix="/claims", tags=["claims"])

ClaimId = Annotated[Id, Path(description="Claim id.", examples=[10])]
IfMatch = Annotated[
    str | None, Header(description="The ETag of the version being changed (from a GET).")
]
IdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", description="Replays of one key create one claim."),
]

_CREATED_LINKS = {
    "GetClaim": {"operationId": "get_claim", "parameters": {"claim_id": "$response.body#/id"}},
    "UpdateClaim": {
        "operationId": "update_claim",
        "parameters": {
            "claim_id": "$response.body#/id",
            "header.If-Match": "$response.header.ETag",
        },
    },
    "RetractClaim": {
        "operationId": "retract_claim",
        "parameters": {
            "claim_id": "$response.body#/id",
            "header.If-Match": "$response.header.ETag",
        },
    },
}


@router.get("", response_model=ClaimPage, responses={200: examples.CLAIM_PAGE, **errors(400, 422)})
def list_claims(
    request: Request,
    session: SessionDep,
    cursors: CursorsDep,
    principal: PrincipalDep,
    params: Annotated[ClaimQuery, Query()],
) -> Response:
    """List claims, newest first, with every filter of the claims table."""
    return claims_page(request, session, cursors, params, principal)


@router.get(
    "/{claim_id}",
    response_model=ClaimRead,
    responses={200: examples.CLAIM, **errors(400, 404, 422)},
)
def get_claim(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    claim_id: ClaimId,
    params: Annotated[ClaimDetailQuery, Query()],
) -> Response:
    """Get one claim with its quote, span, confidence band and horizon."""
    return _claim(
        request, session, claim_id, drafts=principal is not None, include=frozenset(params.include)
    )


@router.post(
    "",
    status_code=201,
    response_model=ClaimRead,
    responses={201: {**examples.CLAIM, "links": _CREATED_LINKS}, **errors(*WRITE)},
)
def create_claim(
    request: Request,
    session: SessionDep,
    writer: WriterDep,
    body: Annotated[ClaimCreate, Body()],
    _key: IdempotencyKey = None,
) -> Response:
    """Add a claim as a draft; its quote must be exactly its span of the source text."""

    def make() -> Response:
        claim = claim_writes.create(session, body=body, actor=writer)
        created = _claim(request, session, claim.id, drafts=True, status=201)
        created.headers["Location"] = f"{base_url(request)}/v1/claims/{claim.id}"
        return created

    return idempotently(request, session, writer, body, make)


@router.patch(
    "/{claim_id}", response_model=ClaimRead, responses={200: examples.CLAIM, **errors(*EDIT)}
)
def update_claim(
    request: Request,
    session: SessionDep,
    writer: WriterDep,
    claim_id: ClaimId,
    body: Annotated[ClaimUpdate, Body()],
    if_match: IfMatch = None,
) -> Response:
    """Change some of a claim's fields, or move it through review, given its current ETag."""
    expected = expected_version(if_match)
    claim_writes.update(session, claim_id=claim_id, body=body, expected=expected, actor=writer)
    return _claim(request, session, claim_id, drafts=True)


@router.delete(
    "/{claim_id}", response_model=ClaimRead, responses={200: examples.CLAIM, **errors(*EDIT)}
)
def retract_claim(
    request: Request,
    session: SessionDep,
    writer: WriterDep,
    claim_id: ClaimId,
    if_match: IfMatch = None,
) -> Response:
    """Retract a claim: it is kept with its history, and left out of default lists."""
    expected = expected_version(if_match)
    claim_writes.retract(session, claim_id=claim_id, expected=expected, actor=writer)
    return _claim(request, session, claim_id, drafts=True)


@router.get(
    "/{claim_id}/history",
    response_model=history.HistoryPage,
    responses={200: examples.HISTORY, **errors(400, 404, 422)},
)
def claim_history(
    request: Request,
    session: SessionDep,
    cursors: CursorsDep,
    principal: PrincipalDep,
    claim_id: ClaimId,
    params: Annotated[history.HistoryQuery, Query()],
) -> Response:
    """Every change to a claim, oldest first, with the key that made it."""
    claims.get(session, claim_id, drafts=principal is not None)  # 404 for what cannot be seen
    return history.page(request, session, cursors, params, entity="claim", entity_id=claim_id)


def _claim(
    request: Request,
    session: SessionDep,
    claim_id: int,
    *,
    drafts: bool,
    include: frozenset[str] = frozenset(),
    status: int = 200,
) -> Response:
    result = claims.get(session, claim_id, drafts=drafts)
    item = representations.claims(
        result, base=base_url(request), include=include, fields=frozenset()
    )[0]
    return json_response(item, status, version=result.rows[0]["version"])


def claims_page(
    request: Request,
    session: SessionDep,
    cursors: CursorsDep,
    params: ClaimFilters,
    principal: Principal | None,
) -> Response:
    """The claims list shared by `/v1/claims` and `/v1/experts/{slug}/claims`."""
    sort, after = resume(params, claims.SORTS, cursors)
    fields = frozenset(params.fields)
    result = claims.list_(
        session,
        params,
        sort=sort,
        after=after,
        drafts=principal is not None,
        with_topics=not fields or "topics" in fields,
    )
    items = representations.claims(
        result, base=base_url(request), include=frozenset(params.include), fields=fields
    )
    return json_response(
        envelope(request, items, cursors=cursors, sort=sort, after=result.after, count=result.count)
    )


@router.get(
    "/{claim_id}/resolutions",
    response_model=ResolutionList,
    responses={200: examples.RESOLUTIONS, **errors(400, 404, 422)},
)
def claim_resolutions(session: SessionDep, principal: PrincipalDep, claim_id: ClaimId) -> Response:
    """Every resolution of a claim, oldest first; the last one counts."""
    claims.get(session, claim_id, drafts=principal is not None)
    rows = resolutions.history(session, claim_id=claim_id)
    return json_response({"items": [represent_resolution(r) for r in rows]})


@router.post(
    "/{claim_id}/resolutions",
    status_code=201,
    response_model=ResolutionRead,
    responses={201: examples.RESOLUTION, **errors(*WRITE, 404)},
)
def resolve_claim(
    request: Request,
    session: SessionDep,
    resolver: ResolverDep,
    claim_id: ClaimId,
    body: Annotated[ResolutionCreate, Body()],
    _key: IdempotencyKey = None,
) -> Response:
    """Resolve a claim: append an outcome with its evidence; the latest one counts."""

    def make() -> Response:
        resolutions.resolve_claim(session, claim_id=claim_id, values=body.columns(), actor=resolver)
        rows = resolutions.history(session, claim_id=claim_id)
        return json_response(represent_resolution(rows[-1]), 201)

    return idempotently(request, session, resolver, body, make)
