"""`/v1/claims`: the forecasts, assessments and prescriptions; read freely, written with a key."""

import datetime as dt
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Body, Header, Path, Query, Request
from starlette.responses import Response

from app import representations
from app.api import examples, exports, history
from app.api.errors import EDIT, WRITE, errors
from app.api.idempotency import idempotently
from app.api.paging import base_url, envelope, resume
from app.config import Settings
from app.deps import CursorsDep, PrincipalDep, ResolverDep, SessionDep, WriterDep
from app.domain.facets import FacetName
from app.representations import represent_resolution
from app.responses import expected_version, json_response
from app.schemas.claim_inputs import ClaimCreate, ClaimUpdate
from app.schemas.claims import ClaimDetailQuery, ClaimFilters, ClaimPage, ClaimQuery, ClaimRead
from app.schemas.common import Id
from app.schemas.facets import FacetQuery, FacetResults
from app.schemas.propositions import ResolutionCreate, ResolutionList, ResolutionRead
from app.services import claim_writes, claims, facets, resolutions
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
    """List claims with every filter of the table: newest first, or best match first with `q`."""
    if (exported := exports.answer_in(request, cursors, principal, params)) is not None:
        return exported  # `Accept: text/csv` and the other export formats
    page = claims_page(request, session, cursors, params, principal)
    page.headers["Vary"] = "Accept"  # the same URL answers CSV, NDJSON… to other `Accept`s
    return page


@router.get(
    "/facets", response_model=FacetResults, responses={200: examples.FACETS, **errors(400, 422)}
)
def claim_facets(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    params: Annotated[FacetQuery, Query()],
) -> Response:
    """Count the claims a list query matches per topic, expert, outcome, kind and year."""
    settings: Settings = request.app.state.settings
    found, timed_out = facets.count(
        session,
        params,
        params.facet,
        drafts=principal is not None,
        size=params.facet_size,
        budget_ms=settings.facet_time_budget_ms,
        cache=request.app.state.facet_cache,
    )
    filters = [
        (k, v) for k, v in request.query_params.multi_items() if k not in ("facet", "facet_size")
    ]
    body = {
        "claims_url": _list_url(request, filters),
        "facets": {
            name: {
                "values": [
                    _facet_value(request, filters, name, value, params) for value in facet.values
                ],
                "truncated": facet.truncated,
            }
            for name, facet in found.items()
        },
        "timed_out": timed_out,
    }
    return json_response(body)


def _list_url(request: Request, params: list[tuple[str, str]]) -> str:
    return f"{base_url(request)}/v1/claims" + (f"?{urlencode(params)}" if params else "")


def _facet_value(
    request: Request,
    filters: list[tuple[str, str]],
    name: FacetName,
    value: facets.FacetValue,
    params: FacetQuery,
) -> dict[str, Any]:
    # The value replaces the query's own values of its filter (repeated values OR), so the list
    # holds exactly the claims counted; a year narrows the query's date range to that year.
    if name == "year":
        year = int(value.value)
        since = max(params.stated_since or dt.date.min, dt.date(year, 1, 1))
        until = min(params.stated_until or dt.date.max, dt.date(year, 12, 31))
        selected = (params.stated_since, params.stated_until) == (since, until)
        replaced = {"stated_since": since.isoformat(), "stated_until": until.isoformat()}
    else:
        selected = value.value in [str(v) for v in getattr(params, name)]
        replaced = {name: value.value}
    kept = [(k, v) for k, v in filters if k not in replaced]
    narrowed = [*kept, *replaced.items()]
    return {
        "value": value.value,
        "label": value.label,
        "count": value.count,
        "selected": selected,
        "url": _list_url(request, narrowed),
    }


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
    claims.check_visible(session, claim_id, drafts=principal is not None)  # else 404
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
    claims.check_visible(session, claim_id, drafts=principal is not None)
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
