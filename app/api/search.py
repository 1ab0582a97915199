"""`/v1/search`: one query across claims, experts, sources and topics, grouped by kind."""

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from sqlalchemy import select
from sqlalchemy.orm import aliased
from starlette.responses import Response

from app.api import examples
from app.api.errors import errors
from app.api.paging import base_url
from app.deps import PrincipalDep, SessionDep
from app.domain import search as fts
from app.models import Expert, Source, Topic
from app.responses import json_response
from app.schemas.claims import ClaimQuery
from app.schemas.search import SearchQuery, SearchResults
from app.services import claims, search

router = APIRouter(tags=["search"])

_PARENT = aliased(Topic)
_EXPERTS = select(Expert.slug, Expert.name, Expert.kind, Expert.role)
_SOURCES = select(Source.id, Source.title, Source.publisher, Source.published_on)
_TOPICS = select(Topic.slug, Topic.name, _PARENT.slug.label("parent")).outerjoin(
    _PARENT, _PARENT.id == Topic.parent_id
)


@router.get(
    "/search", response_model=SearchResults, responses={200: examples.SEARCH, **errors(400, 422)}
)
def search_everything(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    params: Annotated[SearchQuery, Query()],
) -> Response:
    """Search claims, experts, sources and topics at once; the best few of each, grouped."""
    base, text, limit = base_url(request), params.q, params.limit

    def more(path: str, found: int, **order: str) -> dict[str, Any]:
        query = urlencode({"q": text, **order})
        return {"more": f"{base}{path}?{query}"} if found == limit else {}

    query = ClaimQuery.model_validate({"q": text, "limit": limit})
    found = claims.list_(
        session,
        query,
        sort=claims.SORTS["relevance"],
        after=None,
        drafts=principal is not None,
        with_topics=False,
    )
    claim_hits = [
        {
            "id": row["id"],
            "url": f"{base}/v1/claims/{row['id']}",
            "kind": row["kind"],
            "expert": row["expert_slug"],
            "statement": row["statement"],
            "stated_on": row["stated_on"],
            "snippet": found.snippets.get(row["id"], ""),
        }
        for row in found.rows
    ]
    expert_hits = [
        {
            "slug": row["slug"],
            "url": f"{base}/v1/experts/{row['slug']}",
            **{k: row[k] for k in ("name", "kind", "role")},
        }
        for row in search.top(session, fts.EXPERTS, Expert.id, _EXPERTS, text, limit)
    ]
    source_hits = [
        {
            "id": row["id"],
            "href": f"{base}/v1/sources/{row['id']}",
            **{k: row[k] for k in ("title", "publisher", "published_on")},
        }
        for row in search.top(session, fts.SOURCES, Source.id, _SOURCES, text, limit)
    ]
    topic_hits = [
        {
            "slug": row["slug"],
            "url": f"{base}/v1/topics/{row['slug']}",
            "name": row["name"],
            "parent": row["parent"],
            "claims_url": f"{base}/v1/claims?topic={row['slug']}",
        }
        for row in search.top(session, fts.TOPICS, Topic.id, _TOPICS, text, limit)
    ]
    body = {
        "q": text,
        "claims": {"items": claim_hits, **more("/v1/claims", len(claim_hits))},
        "experts": {"items": expert_hits, **more("/v1/experts", len(expert_hits))},
        # The sources' default order (by date) lists only dated ones; the full list is by id.
        "sources": {"items": source_hits, **more("/v1/sources", len(source_hits), sort="-id")},
        "topics": {"items": topic_hits},
    }
    return json_response(body)
