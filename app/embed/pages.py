"""`/embed/...`: the pages other sites put in an iframe, and the embed builder."""

import json
from collections import Counter
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, FastAPI, Path, Query, Request
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response

from app import representations
from app.deps import CursorsDep, SessionDep, reject_unknown_parameters
from app.embed import cards
from app.embed.labels import LABELS, labels
from app.embed.render import STATIC, EmbedOptions, EmbedRoute, base_url, data_query, page
from app.schemas.claims import ClaimQuery
from app.schemas.common import Slug
from app.schemas.experts import ExpertQuery
from app.services import claims, experts, propositions, scorecards, topics

router = APIRouter(
    prefix="/embed",
    route_class=EmbedRoute,
    include_in_schema=False,
    dependencies=[Depends(reject_unknown_parameters)],
)
EMBEDDED = frozenset({"expert", "source", "topics"})  # what a card shows of related records
RECENT = 5
PREVIEW_ROWS = 5
BUILDER_FILTERS = ("topic", "expert", "kind", "outcome")  # the builder's form; the page takes all
PageSlug = Annotated[Slug, Path()]


class EmbedClaimQuery(ClaimQuery, EmbedOptions):
    """Exactly the `/v1/claims` parameters, and the page's theme and language."""


def _cards(request: Request, result: claims.ClaimRows, options: EmbedOptions) -> list[cards.Card]:
    base = base_url(request)
    items = representations.claims(result, base=base, include=EMBEDDED, fields=frozenset())
    words, query = labels(options.lang), urlencode({"theme": options.theme, "lang": options.lang})
    return [cards.card(item, words, base, query) for item in items]


@router.get("/claims")
def embed_claims(
    request: Request,
    session: SessionDep,
    cursors: CursorsDep,
    params: Annotated[EmbedClaimQuery, Query()],
) -> Response:
    """Claim cards for any `/v1/claims` query, through the same filters and the same service."""
    assert params.sort is not None, "the query model fills in its default order"
    sort = claims.SORTS[params.sort]
    after = cursors.decode(params.cursor, sort) if params.cursor else None
    result = claims.list_(session, params, sort=sort, after=after)
    query = data_query(request)
    base = base_url(request)
    more = None
    if result.after is not None:
        more = str(request.url.include_query_params(cursor=cursors.encode(sort, *result.after)))
    return page(
        request,
        "claims.html",
        params,
        cards=_cards(request, result, params),
        json_url=f"{base}/v1/claims?{query}",
        csv_url=f"{base}/v1/claims.csv?{query}",
        more_url=more,
    )


@router.get("/experts/{slug}")
def embed_expert(
    request: Request,
    session: SessionDep,
    slug: PageSlug,
    options: Annotated[EmbedOptions, Query()],
) -> Response:
    """An expert's scorecard: counts, Brier score, a reliability diagram and claims per year."""
    expert = experts.get(session, slug)
    cache = request.app.state.scorecard_cache
    card = scorecards.for_expert(session, expert_id=expert["id"], cache=cache)
    params = ClaimQuery(expert=[slug], limit=200)
    result = claims.list_(session, params, sort=claims.SORTS["-stated_on"], after=None)
    years = Counter(row["stated_on"].year for row in result.rows)
    recent = claims.ClaimRows(result.rows[:RECENT], result.topics)
    base = base_url(request)
    return page(
        request,
        "expert.html",
        options,
        expert=expert,
        card=card,
        bins=card["calibration"],
        years=sorted(years.items()),
        cards=_cards(request, recent, options),
        json_url=f"{base}/v1/experts/{slug}/scorecard",
        csv_url=f"{base}/v1/claims.csv?expert={slug}",
        badge_url=f"{base}/v1/experts/{slug}/badge.svg",
    )


@router.get("/propositions/{slug}")
def embed_proposition(
    request: Request,
    session: SessionDep,
    slug: PageSlug,
    options: Annotated[EmbedOptions, Query()],
) -> Response:
    """A proposition: the split between claims for and against, and the consensus probability."""
    found = propositions.get(session, slug)
    rows = propositions.positions(session, found.id)
    summary = propositions.aggregate(rows)
    positions = [
        {"expert": r["expert"], "stance": r["stance"], "p": propositions.of_proposition(r)[0]}
        for r in rows
    ]
    base = base_url(request)
    return page(
        request,
        "proposition.html",
        options,
        proposition=found,
        summary=summary,
        positions=positions,
        json_url=f"{base}/v1/propositions/{slug}/consensus",
        csv_url=f"{base}/v1/claims.csv?proposition={slug}",
    )


@router.get("")
def embed_builder(
    request: Request, session: SessionDep, params: Annotated[EmbedClaimQuery, Query()]
) -> Response:
    """Pick filters, theme and language; see the widget; copy its iframe, element and badge."""
    if "limit" not in request.query_params:
        params = params.model_copy(update={"limit": PREVIEW_ROWS})
    query = data_query(request)
    base = base_url(request)
    tree = topics.tree(session)
    return page(
        request,
        "builder.html",
        params,
        params=params,
        topics=list(_flatten(tree)),
        experts=_experts(session),
        embed_url=f"{base}/embed/claims?{urlencode(_builder_query(params))}",
        json_url=f"{base}/v1/claims?{query}",
    )


def _builder_query(params: EmbedClaimQuery) -> list[tuple[str, Any]]:
    """The builder's own choices as the widget's query string."""
    chosen = [(name, v) for name in BUILDER_FILTERS for v in getattr(params, name)]
    return [*chosen, ("limit", params.limit), ("theme", params.theme), ("lang", params.lang)]


def _experts(session: SessionDep) -> list[tuple[str, str]]:
    params = ExpertQuery(limit=200, sort="name")
    rows, _, _ = experts.list_(session, params, sort=experts.SORTS["name"], after=None)
    return [(row["slug"], row["name"]) for row in rows]


def _flatten(nodes: list[Any], depth: int = 0) -> Any:
    for node in nodes:
        yield node.slug, node.name, depth
        yield from _flatten(node.children, depth + 1)


@router.get("/widget.js")
def widget_js() -> Response:
    """The web components, with the labels of every language written in."""
    return Response(WIDGET_JS, media_type="text/javascript; charset=utf-8")


WIDGET_JS = (
    (STATIC / "widget.js")
    .read_text()
    .replace("/*LABELS*/{}", json.dumps(LABELS, ensure_ascii=False, separators=(",", ":")))
    .encode()
)


def install(app: FastAPI) -> None:
    """The embed pages, their static files (vendored code included) and the web component."""
    app.mount("/embed/static", StaticFiles(directory=STATIC), name="embed-static")
    app.include_router(router)
