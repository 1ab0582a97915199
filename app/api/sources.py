"""`/v1/sources`: the published documents claims are quoted from, and ingesting new ones."""

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, Request
from starlette.responses import Response

from app import observability, representations
from app.api import examples, history
from app.api.claims import IdempotencyKey, IfMatch
from app.api.errors import EDIT, WRITE, errors
from app.api.idempotency import checked_key, idempotently
from app.api.paging import base_url, envelope, resume
from app.deps import CursorsDep, IngesterDep, SessionDep, WriterDep
from app.responses import expected_version, json_response
from app.schemas.common import Id
from app.schemas.ingest import (
    BODY_EXAMPLES,
    DRY_RUN,
    INGESTED,
    IngestCall,
    IngestOptions,
    IngestRead,
    document,
)
from app.schemas.sources import SourceCreate, SourcePage, SourceQuery, SourceRead, SourceUpdate
from app.services import ingest, sources

router = APIRouter(prefix="/sources", tags=["sources"])

SourceId = Annotated[Id, Path(description="Source id.", examples=[1])]


def _example(example: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"example": example}}}


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
def get_source(request: Request, session: SessionDep, source_id: SourceId) -> Response:
    """Get one source with its full normalised text, which every claim span points into."""
    return _source(request, session, source_id)


@router.post(
    "",
    status_code=201,
    response_model=IngestRead,
    responses={
        201: {"description": "Stored: the source, new experts and topics, draft claims."}
        | _example(INGESTED),
        200: {
            "model": IngestRead,
            "description": "A dry run (nothing saved), or a text stored before (nothing new).",
        }
        | _example(DRY_RUN),
        **errors(*WRITE),
    },
)
def create_source(
    request: Request,
    session: SessionDep,
    ingester: IngesterDep,
    body: Annotated[SourceCreate, Body(openapi_examples=BODY_EXAMPLES)],
    options: Annotated[IngestOptions, Query()],
    _key: IdempotencyKey = None,
) -> Response:
    """Ingest an article: its source, experts and draft claims, or with `dry_run` only a look."""

    def make() -> Response:
        result = ingest.ingest(
            session,
            values=body.model_dump(),
            actor=ingester,
            dry_run=options.dry_run,
            extract=options.extract,
        )
        return _ingested(request, result)

    if options.dry_run:  # saves nothing, so there is nothing to replay; a bad key is still one
        checked_key(request)
        return make()
    return idempotently(request, session, ingester, IngestCall(body=body, options=options), make)


def _ingested(request: Request, result: ingest.Ingestion) -> Response:
    observability.count_ingestion(result)
    base = base_url(request)
    body = document(result, base=base)
    source_id, version = result.source["id"], result.source["version"]
    if result.dry_run:
        return json_response(body)
    if result.already_ingested:
        return json_response(body, version=version)
    created = json_response(body, 201, version=version)
    created.headers["Location"] = f"{base}/v1/sources/{source_id}"
    return created


@router.patch(
    "/{source_id}", response_model=SourceRead, responses={200: examples.SOURCE, **errors(*EDIT)}
)
def update_source(
    request: Request,
    session: SessionDep,
    writer: WriterDep,
    source_id: SourceId,
    body: Annotated[SourceUpdate, Body()],
    if_match: IfMatch = None,
) -> Response:
    """Change a source's metadata (its text never changes), given its current ETag."""
    expected = expected_version(if_match)
    values = body.model_dump(exclude_unset=True)
    sources.update(session, source_id=source_id, values=values, expected=expected, actor=writer)
    return _source(request, session, source_id)


@router.get(
    "/{source_id}/history",
    response_model=history.HistoryPage,
    responses={200: examples.HISTORY, **errors(400, 404, 422)},
)
def source_history(
    request: Request,
    session: SessionDep,
    cursors: CursorsDep,
    source_id: SourceId,
    params: Annotated[history.HistoryQuery, Query()],
) -> Response:
    """Every change to a source, oldest first, with the key that made it."""
    sources.get(session, source_id)
    return history.page(request, session, cursors, params, entity="source", entity_id=source_id)


def _source(request: Request, session: SessionDep, source_id: int, status: int = 200) -> Response:
    row, claim_count = sources.get(session, source_id)
    body = representations.source(row, base=base_url(request), claim_count=claim_count)
    return json_response(body, status, version=row["version"])
