"""Claims: list, count and get, selecting columns (never entities) in at most three statements."""

import threading
from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field, replace
from typing import Any

from cachetools import LRUCache
from sqlalchemy import ColumnElement, RowMapping, Select, String, bindparam, func, select, true
from sqlalchemy.orm import Session, aliased

from app.domain import search as fts
from app.errors import NotFoundError
from app.filters import binds, bound, refuse_unknown, shape, where
from app.models import Claim, Expert, Proposition, Review, Source, Topic, claim_topics
from app.pagination import Sort, fetch, fetch_built, page, sorts
from app.schemas.claims import ClaimFilters
from app.services import search

SORTS = sorts(
    Claim.id,
    stated_on=(Claim.stated_on, False),
    id=(Claim.id, False),
    created_at=(Claim.created_at, False),
    updated_at=(Claim.updated_at, False),
    horizon=(Claim.horizon_latest, True),
    probability=(Claim.probability, True),
    extraction_score=(Claim.extraction_score, True),
    relevance=(fts.SCORE, False),
)

COLUMNS = (
    *(column for column in Claim.__table__.columns),
    Expert.slug.label("expert_slug"),
    Expert.name.label("expert_name"),
    Expert.kind.label("expert_kind"),
    Expert.role.label("expert_role"),
    Source.title.label("source_title"),
    Source.publisher.label("source_publisher"),
    Source.url.label("source_url"),
    Source.published_on.label("source_published_on"),
    Source.language.label("source_language"),
    Proposition.slug.label("proposition_slug"),
)


@dataclass(slots=True)
class TopicRef:
    slug: str
    name: str
    parent: str | None


@dataclass(slots=True)
class ClaimRows:
    """One page of claims as plain rows, their topics, and where the next page starts."""

    rows: list[RowMapping]
    topics: dict[int, list[TopicRef]] = field(default_factory=dict)
    after: tuple[Any, Any] | None = None
    count: int | None = None
    snippets: dict[int, str] = field(default_factory=dict)


def joined(*columns: Any) -> Select[Any]:
    """Claims with their expert and source: many-to-one joins on primary keys, never multiplying."""
    return (
        select(*columns)
        .join(Expert, Expert.id == Claim.expert_id)
        .join(Source, Source.id == Claim.source_id)
        .outerjoin(Proposition, Proposition.id == Claim.proposition_id)
    )


# Built once: constructing a select (and above all an alias) costs more than running it.
_PARENT = aliased(Topic)
_TOPICS_OF_CLAIMS = (
    select(claim_topics.c.claim_id, Topic.slug, Topic.name, _PARENT.slug)
    .join(Topic, Topic.id == claim_topics.c.topic_id)
    .outerjoin(_PARENT, _PARENT.id == Topic.parent_id)
    .where(claim_topics.c.claim_id.in_(bindparam("ids", expanding=True)))
    .order_by(claim_topics.c.claim_id, Topic.slug)
)
_ONE_CLAIM = joined(*COLUMNS).where(Claim.id == bindparam("claim_id"))


def _topics(session: Session, claim_ids: list[int]) -> dict[int, list[TopicRef]]:
    found: dict[int, list[TopicRef]] = defaultdict(list)
    rows = session.connection().execute(_TOPICS_OF_CLAIMS, {"ids": claim_ids})
    for claim_id, slug, name, parent_slug in rows:
        found[claim_id].append(TopicRef(slug, name, parent_slug))
    return found


def visible(drafts: bool) -> ColumnElement[bool]:
    """Drafts are for key holders; anonymous readers see published and retracted claims only."""
    return true() if drafts else Claim.review != Review.draft


def list_(
    session: Session,
    params: ClaimFilters,
    *,
    sort: Sort,
    after: tuple[Any, Any] | None,
    drafts: bool = False,
    with_topics: bool = True,
) -> ClaimRows:
    """One page of the claims that match `params`, in `sort` order, after the cursor's row."""
    dialect = session.get_bind().dialect.name
    rows, next_after = None, None
    if params.q and dialect == "sqlite" and sort.column is fts.SCORE and after is None:
        rows, next_after = _best_first(session, params, sort, drafts)
    if rows is None and not params.q and (built := _built(params, sort, after, drafts, dialect)):
        rows, next_after = fetch_built(session, *built, sort, params.limit)
    if rows is None:
        query, sort = _listing(params, sort, drafts, dialect)
        rows, next_after = fetch(session, query, sort, after, params.limit)
    if not rows and after is None:
        refuse_unknown(session, params)  # an empty answer, or a name that names nothing?
    result = ClaimRows(rows, after=next_after)
    if with_topics and rows:
        result.topics = _topics(session, [row["id"] for row in rows])
    if params.q and rows:
        result.snippets = search.snippets(session, params.q, [row["id"] for row in rows])
    if params.count == "exact":
        result.count = count(session, params, drafts=drafts)
    return result


def _listing(
    params: ClaimFilters, sort: Sort, drafts: bool, dialect: str
) -> tuple[Select[Any], Sort]:
    if params.q:
        # Join the ranked matches (rather than filter by them) so `sort=relevance` can use the
        # score; the join does what the `q` filter would.
        hits = fts.hits(fts.CLAIMS, params.q, dialect)
        query = joined(*COLUMNS, hits.c.score).join(hits, hits.c.id == Claim.id)
        filters = params.model_copy(update={"q": None})
        if sort.column is fts.SCORE:
            sort = replace(sort, column=hits.c.score)
    else:
        query, filters = joined(*COLUMNS), params
    return query.where(*where(filters, dialect), visible(drafts)), sort


# Each list statement, built once per shape of its filters, sort and page: the filters' values,
# the cursor's row and the limit are bind parameters. Statements, not data: never stale.
_BUILT: LRUCache[Hashable, Select[Any]] = LRUCache(maxsize=512)
_BUILT_LOCK = threading.Lock()  # handlers run in a thread pool


def _built(
    params: ClaimFilters, sort: Sort, after: tuple[Any, Any] | None, drafts: bool, dialect: str
) -> tuple[Select[Any], dict[str, Any]] | None:
    """The page's statement and its bind parameters, or None when its filters take free text."""
    shaped = shape(params)
    if shaped is None:
        return None
    key = (type(params), shaped, sort.token, after is not None, params.limit, drafts, dialect)
    with _BUILT_LOCK:
        statement = _BUILT.get(key)
    if statement is None:
        query = joined(*COLUMNS).where(*bound(params, dialect), visible(drafts))
        resume = None
        if after is not None:
            resume = (
                bindparam("after_value", type_=sort.column.type),
                bindparam("after_pk", type_=sort.pk.type),
            )
        statement = page(query, sort, resume, params.limit)
        with _BUILT_LOCK:
            _BUILT[key] = statement
    values = binds(params)
    if after is not None:
        values.update(after_value=after[0], after_pk=after[1])
    return statement, values


# Candidates ranked for a first page by relevance: enough that filters seldom leave too few.
CANDIDATES_PER_ROW, MIN_CANDIDATES = 4, 200


def _best_first(
    session: Session, params: ClaimFilters, sort: Sort, drafts: bool
) -> tuple[list[RowMapping] | None, tuple[Any, Any] | None]:
    """The first page by relevance from the best few matches only, or (None, None) when that
    could differ from ranking them all: a row outside the candidates scores at least the last
    candidate's score, so the page is exact when its own rows all score strictly better (or
    when the candidates are every match)."""
    k = max(MIN_CANDIDATES, CANDIDATES_PER_ROW * (params.limit + 1))
    filters = params.model_copy(update={"q": None})
    statement, ranked = _ranked(filters, sort, drafts, k)
    values = {**binds(filters), "match": fts.parse(params.q or "").fts5()}
    rows, next_after = fetch_built(session, statement, values, ranked, params.limit)
    if not rows or rows[0]["candidates"] < k:
        return rows, next_after
    if next_after is not None and rows[-1]["score"] < rows[0]["bound"]:
        return rows, next_after
    return None, None


def _ranked(filters: ClaimFilters, sort: Sort, drafts: bool, k: int) -> tuple[Select[Any], Sort]:
    """`_best_first`'s statement (the text to match bound as `match`) and its order, built once
    per shape of the other filters, like `_built`'s."""
    shaped = shape(filters)
    key = ("ranked", type(filters), shaped, sort.token, filters.limit, drafts, k)
    if shaped is not None:
        with _BUILT_LOCK:
            found = _RANKED.get(key)
        if found is not None:
            return found
    hits, last, candidates = fts.best(fts.CLAIMS, bindparam("match", type_=String), k)
    query = joined(*COLUMNS, hits.c.score, last, candidates).join(hits, hits.c.id == Claim.id)
    query = query.where(*bound(filters, "sqlite"), visible(drafts))
    ranked = replace(sort, column=hits.c.score)
    found = (page(query, ranked, None, filters.limit), ranked)
    if shaped is not None:
        with _BUILT_LOCK:
            _RANKED[key] = found
    return found


_RANKED: LRUCache[Hashable, tuple[Select[Any], Sort]] = LRUCache(maxsize=128)


def count(session: Session, params: ClaimFilters, *, drafts: bool = False) -> int:
    """How many claims match `params`, whatever the page."""
    dialect = session.get_bind().dialect.name
    query = joined(func.count(Claim.id)).where(*where(params, dialect), visible(drafts))
    total: int = session.execute(query).scalar_one()
    return total


def get(session: Session, claim_id: int, *, drafts: bool = False) -> ClaimRows:
    """One claim by id, retracted or not; `NotFoundError` when there is none (or, for an
    anonymous reader, when it is a draft)."""
    row = session.connection().execute(_ONE_CLAIM, {"claim_id": claim_id}).mappings().first()
    if row is None or (row["review"] == Review.draft and not drafts):
        raise NotFoundError(f"There is no claim {claim_id}.")
    return ClaimRows([row], _topics(session, [claim_id]))


_REVIEW_OF = select(Claim.review).where(Claim.id == bindparam("claim_id"))


def check_visible(session: Session, claim_id: int, *, drafts: bool = False) -> None:
    """`NotFoundError` unless the claim exists and the reader may see it (as `get`), in one
    statement that reads nothing else: for routes that show what hangs off a claim."""
    review = session.connection().execute(_REVIEW_OF, {"claim_id": claim_id}).scalar()
    if review is None or (review == Review.draft and not drafts):
        raise NotFoundError(f"There is no claim {claim_id}.")
