"""`/v1/propositions`: resolvable statements, the claims for and against them, their outcomes."""

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, Request
from starlette.responses import Response

from app.api import examples
from app.api.claims import IdempotencyKey, IfMatch
from app.api.errors import EDIT, WRITE, errors
from app.api.idempotency import idempotently
from app.api.paging import base_url, envelope, resume
from app.deps import CursorsDep, ResolverDep, SessionDep, WriterDep
from app.models import Proposition
from app.representations import represent_resolution
from app.responses import expected_version, json_response
from app.schemas.common import Slug
from app.schemas.propositions import (
    Consensus,
    PropositionCreate,
    PropositionPage,
    PropositionQuery,
    PropositionRead,
    PropositionUpdate,
    ResolutionCreate,
    ResolutionList,
    ResolutionRead,
)
from app.services import propositions, resolutions

router = APIRouter(prefix="/propositions", tags=["propositions"])
PropositionSlug = Annotated[
    Slug, Path(description="Proposition slug.", examples=["tokayev-wins-2022"])
]


def represent(p: Proposition, base: str) -> dict[str, Any]:
    url = f"{base}/v1/propositions/{p.slug}"
    today = dt.datetime.now(dt.UTC).date()
    return {
        "slug": p.slug,
        "url": url,
        "text": p.text,
        "criteria": p.criteria,
        "resolve_by": p.resolve_by,
        "topics": sorted(t.slug for t in p.topics),
        "outcome": p.outcome,
        "overdue": p.outcome is None and p.resolve_by is not None and p.resolve_by < today,
        "claims_url": f"{base}/v1/claims?proposition={p.slug}",
        "consensus_url": f"{url}/consensus",
        "resolutions_url": f"{url}/resolutions",
        "created_at": p.created_at,
        "updated_at": p.updated_at,
        "version": p.version,
    }


@router.get(
    "",
    response_model=PropositionPage,
    responses={200: examples.PROPOSITION_PAGE, **errors(400, 422)},
)
def list_propositions(
    request: Request,
    session: SessionDep,
    cursors: CursorsDep,
    params: Annotated[PropositionQuery, Query()],
) -> Response:
    """List propositions: the statements claims speak to, with their outcomes."""
    sort, after = resume(params, propositions.SORTS, cursors)
    found, next_after = propositions.list_(session, params, sort=sort, after=after)
    items = [represent(p, base_url(request)) for p in found]
    total = propositions.count(session, params) if params.count == "exact" else None
    return json_response(
        envelope(request, items, cursors=cursors, sort=sort, after=next_after, count=total)
    )


@router.get(
    "/{slug}",
    response_model=PropositionRead,
    responses={200: examples.PROPOSITION, **errors(400, 404, 422)},
)
def get_proposition(request: Request, session: SessionDep, slug: PropositionSlug) -> Response:
    """Get one proposition with its outcome and links to its claims and consensus."""
    found = propositions.get(session, slug)
    return json_response(represent(found, base_url(request)), version=found.version)


@router.post(
    "",
    status_code=201,
    response_model=PropositionRead,
    responses={201: examples.PROPOSITION, **errors(*WRITE)},
)
def create_proposition(
    request: Request,
    session: SessionDep,
    writer: WriterDep,
    body: Annotated[PropositionCreate, Body()],
    _key: IdempotencyKey = None,
) -> Response:
    """Add a proposition; then link claims to it with `stance` `for` or `against`."""

    def make() -> Response:
        made = propositions.create(session, values=body.model_dump(), actor=writer)
        url = f"{base_url(request)}/v1/propositions/{made.slug}"
        return json_response(
            represent(made, base_url(request)), 201, {"Location": url}, version=made.version
        )

    return idempotently(request, session, writer, body, make)


@router.patch(
    "/{slug}",
    response_model=PropositionRead,
    responses={200: examples.PROPOSITION, **errors(*EDIT)},
)
def update_proposition(
    request: Request,
    session: SessionDep,
    writer: WriterDep,
    slug: PropositionSlug,
    body: Annotated[PropositionUpdate, Body()],
    if_match: IfMatch = None,
) -> Response:
    """Change a proposition's text, criteria, deadline or topics, given its current ETag."""
    expected = expected_version(if_match)
    found = propositions.update(
        session,
        slug=slug,
        values=body.model_dump(exclude_unset=True),
        expected=expected,
        actor=writer,
    )
    return json_response(represent(found, base_url(request)), version=found.version)


@router.get(
    "/{slug}/consensus",
    response_model=Consensus,
    responses={200: examples.CONSENSUS, **errors(400, 404, 422)},
)
def proposition_consensus(request: Request, session: SessionDep, slug: PropositionSlug) -> Response:
    """Who says what: each published claim's probability that the proposition is true."""
    found = propositions.get(session, slug)
    rows = propositions.positions(session, found.id)
    base = base_url(request)
    positions = []
    for row in rows:
        p, low, high = propositions.of_proposition(row)
        positions.append(
            {
                "expert": row["expert"],
                "claim": f"{base}/v1/claims/{row['id']}",
                "stance": row["stance"],
                "probability": p,
                "low": low,
                "high": high,
            }
        )
    return json_response(
        {"proposition": slug, "positions": positions, "aggregate": propositions.aggregate(rows)}
    )


@router.get(
    "/{slug}/resolutions",
    response_model=ResolutionList,
    responses={200: examples.RESOLUTIONS, **errors(400, 404, 422)},
)
def proposition_resolutions(session: SessionDep, slug: PropositionSlug) -> Response:
    """Every resolution of a proposition, oldest first; the last one counts."""
    found = propositions.get(session, slug)
    rows = resolutions.history(session, proposition_id=found.id)
    return json_response({"items": [represent_resolution(r) for r in rows]})


@router.post(
    "/{slug}/resolutions",
    status_code=201,
    response_model=ResolutionRead,
    responses={201: examples.RESOLUTION, **errors(*WRITE, 404)},
)
def resolve_proposition(
    request: Request,
    session: SessionDep,
    resolver: ResolverDep,
    slug: PropositionSlug,
    body: Annotated[ResolutionCreate, Body()],
    _key: IdempotencyKey = None,
) -> Response:
    """Resolve a proposition, and through it every claim linked to it (negated if against)."""

    def make() -> Response:
        made = resolutions.resolve_proposition(
            session, slug=slug, values=body.columns(), actor=resolver
        )
        rows = resolutions.history(session, proposition_id=made.proposition_id)
        return json_response(represent_resolution(rows[-1]), 201)

    return idempotently(request, session, resolver, body, make)
