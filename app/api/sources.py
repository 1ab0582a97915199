"""`/v1/sources`: the published documents claims are quoted from."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import Response

from app.api import examples, representations
from app.api.errors import errors
from app.api.paging import base_url, envelope, resume
from app.api.responses import json_response
from app.deps import CursorsDep, SessionDep
from app.schemas.common import Id
from app.schemas.sources import SourcePage, SourceQuery, SourceRead
from app.services import sources

router = APIRouter(prefix="/sources", tags=["sources"])


@router.get(
    "", response_model=SourcePage, responses={200: examples.SOURCE_PAGE, **errors(400, 422)}
)
def list_sources(
    request: Request,
    session: SessionDep,
    cursors: CursorsDep,
    params: Annotated[SourceQuery, Query()],
) -> Response:
    """List sources, newest first, without their full text."""
    sort, after = resume(params, sources.SORTS, cursors)
    rows, next_after, total = sources.list_(session, params, sort=sort, after=after)
    items = [representations.source(row, base=base_url(request)) for row in rows]
    return json_response(
        envelope(request, items, cursors=cursors, sort=sort, after=next_after, count=total)
    )


@router.get(
    "/{source_id}",
    response_model=SourceRead,
    responses={200: examples.SOURCE, **errors(400, 404, 422)},
)
def get_source(
    request: Request,
    session: SessionDep,
    source_id: Annotated[Id, Path(description="Source id.", examples=[1])],
) -> Response:
    """Get one source with its full normalised text, which every claim span points into."""
    row, claim_count = sources.get(session, source_id)
    return json_response(
        representations.source(row, base=base_url(request), claim_count=claim_count)
    )
