"""The claims list in other formats: `/v1/claims.{csv,ndjson,jsonld,atom}`, `/v1/calendar.ics`,
and the same through `Accept` on `/v1/claims`.

Every route takes the claims list's parameters. Without `limit` an export is complete and streamed
(no ETag: the body is not known before it is sent); with `limit` it is one page, built whole, with
`Link: <…>; rel="next"` carrying the same signed cursor as the JSON list's `next`. The Atom feed is
always one page (default 50) and the calendar always whole, so both have ETags for pollers.
"""

from collections.abc import Callable, Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import Field
from starlette.responses import Response, StreamingResponse

from app.api.errors import errors
from app.api.paging import base_url, resume
from app.deps import CursorsDep, PrincipalDep
from app.exports.atom import Atom
from app.exports.base import Format
from app.exports.calendar import Agenda
from app.exports.lines import Lines
from app.exports.linked import Linked
from app.exports.table import Table
from app.filters import refuse_unknown
from app.pagination import Cursors
from app.schemas.claims import ClaimQuery
from app.services import claims
from app.services.exports import Plan, Progress, stream
from app.services.keys import Principal

router = APIRouter(tags=["claims"])


class ExportQuery(ClaimQuery):
    download: bool = Field(
        False, description="Send `Content-Disposition: attachment` with a file name."
    )


class CsvQuery(ExportQuery):
    bom: bool = Field(
        False, description="Start with a UTF-8 byte-order mark, so that Excel reads UTF-8."
    )


Params = Annotated[ClaimQuery, Query()]


def _ok(media_type: str, example: str, what: str) -> dict[int | str, dict[str, Any]]:
    return {
        200: {"description": what, "content": {media_type: {"example": example}}},
        **errors(400, 422),
    }


@router.get(
    "/claims.csv",
    response_class=Response,
    responses=_ok("text/csv", "id,url,kind,expert,…\r\n10,http://…/v1/claims/10,forecast,…", "CSV"),
)
def claims_csv(
    request: Request,
    cursors: CursorsDep,
    principal: PrincipalDep,
    params: Annotated[CsvQuery, Query()],
) -> Response:
    """Claims as CSV (RFC 4180, UTF-8): one row each, expert, source and topics flattened."""
    form = Table(bom=params.bom)
    return export(request, cursors, principal, params, form, download=params.download)


@router.get(
    "/claims.ndjson",
    response_class=Response,
    responses=_ok(
        "application/x-ndjson",
        '{"type":"claim","id":10,…}\n{"type":"trailer","count":1,…}\n',
        "One JSON object per line, the last a trailer with the count.",
    ),
)
def claims_ndjson(
    request: Request,
    cursors: CursorsDep,
    principal: PrincipalDep,
    params: Annotated[ExportQuery, Query()],
) -> Response:
    """Claims as NDJSON: the records they refer to, each claim, and a trailer with the count."""
    return export(request, cursors, principal, params, _lines(params), download=params.download)


@router.get(
    "/claims.jsonld",
    response_class=Response,
    responses=_ok(
        "application/ld+json",
        '{"@context":{"@vocab":"https://schema.org/",…},"@graph":[{"@type":"Claim",…}]}',
        "schema.org Claim and ClaimReview nodes.",
    ),
)
def claims_jsonld(
    request: Request,
    cursors: CursorsDep,
    principal: PrincipalDep,
    params: Annotated[ExportQuery, Query()],
) -> Response:
    """Claims as JSON-LD: schema.org `Claim`s, and a `ClaimReview` of each resolved one."""
    return export(request, cursors, principal, params, Linked(), download=params.download)


@router.get(
    "/claims.atom",
    response_class=Response,
    responses=_ok("application/atom+xml", "<feed xmlns=…><entry>…</entry></feed>", "Atom"),
)
def claims_atom(
    request: Request, cursors: CursorsDep, principal: PrincipalDep, params: Params
) -> Response:
    """An Atom feed of the claims the filters match, one page (newest first by default)."""
    return export(
        request, cursors, principal, params, Atom(self_url=str(request.url)), one_page=True
    )


@router.get(
    "/calendar.ics",
    response_class=Response,
    responses=_ok(
        "text/calendar", "BEGIN:VCALENDAR\r\n…BEGIN:VEVENT\r\n…", "iCalendar, one event per claim"
    ),
)
def calendar_ics(
    request: Request, cursors: CursorsDep, principal: PrincipalDep, params: Params
) -> Response:
    """A calendar to subscribe to: an all-day event on the day each matching claim falls due."""
    # Claims without a horizon have no day; sorting by it lists only those that have one.
    if "sort" not in request.query_params:
        params = params.model_copy(update={"sort": "horizon"})
    return export(request, cursors, principal, params, Agenda(), whole=True)


def _lines(params: ClaimQuery) -> Format:
    return Lines(include=frozenset(params.include), fields=frozenset(params.fields))


NEGOTIABLE: dict[str, Callable[[ClaimQuery], Format]] = {
    "text/csv": lambda _params: Table(),
    "application/x-ndjson": _lines,
    "application/ld+json": lambda _params: Linked(),
}


def negotiated(request: Request, params: ClaimQuery) -> Format | None:
    """The format `Accept` prefers to JSON, if any (`application/atom+xml` too)."""
    ranked: list[tuple[float, int, str]] = []
    for n, part in enumerate(request.headers.get("accept", "").split(",")):
        media, *options = (piece.strip() for piece in part.split(";"))
        q = next((o[2:] for o in options if o.startswith("q=")), "1")
        try:
            ranked.append((-float(q), n, media.lower()))
        except ValueError:
            continue
    for minus_q, _, media in sorted(ranked):
        if minus_q == 0 or media in ("application/json", "*/*", "application/*"):
            return None
        if media in NEGOTIABLE:
            return NEGOTIABLE[media](params)
        if media == "application/atom+xml":
            return Atom(self_url=str(request.url))
    return None


def answer_in(
    request: Request, cursors: Cursors, principal: Principal | None, params: ClaimQuery
) -> Response | None:
    """The hook of `GET /v1/claims`: an export when `Accept` asks for one, else None (JSON)."""
    form = negotiated(request, params)
    if form is None:
        return None
    response = export(request, cursors, principal, params, form, one_page=isinstance(form, Atom))
    response.headers["Vary"] = "Accept"
    return response


def export(
    request: Request,
    cursors: Cursors,
    principal: Principal | None,
    params: ClaimQuery,
    form: Format,
    *,
    download: bool = False,
    one_page: bool = False,
    whole: bool = False,
) -> Response:
    """Stream every page, or build one page (`limit` given, or `one_page`) with a `Link` to the
    next; `whole` builds a complete export in memory (so that it has an ETag)."""
    sort, after = resume(params, claims.SORTS, cursors)
    complete = not one_page and "limit" not in request.query_params
    plan = Plan(params, sort, after, drafts=principal is not None, complete=complete)

    def next_url(row: tuple[Any, Any]) -> str:
        return str(request.url.include_query_params(cursor=cursors.encode(sort, *row)))

    headers = {}
    if download:
        headers["Content-Disposition"] = f'attachment; filename="claims.{form.extension}"'
    chunks = stream(
        request.app.state.sessions,
        plan,
        form,
        base=base_url(request),
        next_url=next_url,
        progress=(progress := Progress()),
    )
    if complete and not whole:
        # Checked before the first byte: once streaming, a 404 could no longer be sent.
        with request.app.state.sessions() as session:
            refuse_unknown(session, params)
        return StreamingResponse(_nonempty(chunks), media_type=form.media_type, headers=headers)
    body = b"".join(chunks)
    if progress.after is not None:
        headers["Link"] = f'<{next_url(progress.after)}>; rel="next"'
    return Response(body, media_type=form.media_type, headers=headers)


def _nonempty(chunks: Iterator[bytes]) -> Iterator[bytes]:
    # An empty chunk would be sent as a body message of its own for nothing.
    return (chunk for chunk in chunks if chunk)
